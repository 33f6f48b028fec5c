"""A login storm from clients that honour Retry-After (used by scripts/bench-http.sh for row 7).

Each of --clients connections logs a random bench user in, again and again, for --seconds; an answer of 503 or 429 makes
that client wait the seconds its Retry-After says before its next attempt, as a well-behaved client does (wrk's closed
loop would retry at once and turn every refusal into a busy loop). Prints 'rate p50_ms p99_ms not_2xx total' like
parse.py, where rate is answers per second, and writes the detail (logins per second, refusals, the latency of the logins
that succeeded) as JSON to --detail.
    python3 bench/http/storm.py --url http://127.0.0.1:5191 --users 100000 --password pw --clients 16 --seconds 5
"""
import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse

p = argparse.ArgumentParser()
p.add_argument("--url", required=True)
p.add_argument("--users", type=int, required=True)
p.add_argument("--password", required=True)
p.add_argument("--clients", type=int, default=16)
p.add_argument("--seconds", type=float, default=5)
p.add_argument("--detail", default="")
p.add_argument("--ignore-retry-after", action="store_true", help="retry at once, like wrk (for comparison)")
a = p.parse_args()

target = urllib.parse.urlparse(a.url)
answers = []  # (status, latency seconds), answers that arrived before the end
lock = threading.Lock()
start = time.monotonic()
end = start + a.seconds


def client():
    rng = random.Random()
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    while time.monotonic() < end:
        body = json.dumps({"email": f"bench{rng.randint(2, a.users)}@example.com", "password": a.password})
        sent = time.monotonic()
        try:
            connection.request("POST", "/api/v1/auth/login", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            status, retry_after = response.status, response.getheader("Retry-After")
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            status, retry_after = 0, None
        done = time.monotonic()
        if done > end:
            break
        with lock:
            answers.append((status, done - sent))
        if status in (429, 503) and not a.ignore_retry_after:
            time.sleep(max(0.0, min(float(retry_after or 1), end - time.monotonic())))
    connection.close()


threads = [threading.Thread(target=client, daemon=True) for _ in range(a.clients)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=a.seconds + 35)


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000.0 if values else 0.0


latencies = [s for _, s in answers]
ok = [s for status, s in answers if 200 <= status < 300]
refused = sum(1 for status, _ in answers if status in (429, 503))
print(f"{len(answers) / a.seconds:.3f} {pct(latencies, 0.5):.3f} {pct(latencies, 0.99):.3f} {len(answers) - len(ok)} {len(answers)}")
if a.detail:
    with open(a.detail, "w") as out:
        json.dump({"clients": a.clients, "seconds": a.seconds, "honours_retry_after": not a.ignore_retry_after,
                   "answers": len(answers), "ok": len(ok), "refused": refused, "other": len(answers) - len(ok) - refused,
                   "ok_per_second": len(ok) / a.seconds, "ok_p50_ms": pct(ok, 0.5), "ok_p99_ms": pct(ok, 0.99)}, out)
