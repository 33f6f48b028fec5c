"""Reads one wrk or pgbench output and prints 'rate p50_ms p99_ms bad total' (used by scripts/bench-http.sh);
'merge' joins such lines of equal-length runs of one side (mean rate, mean p50 and p99, summed counts)."""
import re
import sys


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(path):
    text = open(path).read()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)) if "Requests/sec" in text else 0.0
    pct = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    total = re.search(r"(\d+) requests in", text)
    return rate, pct.get("50", 0.0), pct.get("99", 0.0), int(non2xx.group(1)) if non2xx else 0, int(total.group(1)) if total else 0


def pgbench(path, logs):
    text = open(path).read()
    rate = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", text).group(1))
    latencies = sorted(int(line.split()[2]) for log in logs for line in open(log) if line.strip())
    def at(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1000.0 if latencies else 0.0
    return rate, at(0.50), at(0.99), 0, len(latencies)


def merge(paths):
    runs = [open(p).read().split() for p in paths]
    mean = lambda i: sum(float(r[i]) for r in runs) / len(runs)
    return mean(0), mean(1), mean(2), sum(int(r[3]) for r in runs), sum(int(r[4]) for r in runs)


if __name__ == "__main__":
    kind, path, *logs = sys.argv[1:]
    result = wrk(path) if kind == "wrk" else merge([path, *logs]) if kind == "merge" else pgbench(path, logs)
    print(" ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in result))
