"""Reads one wrk or pgbench output and prints 'rate p50_ms p99_ms non2xx total' (used by scripts/bench-http.sh), followed,
with --cpu BEFORE AFTER CLK_TCK (each 'server postgres redis' in clock ticks), by the µs of CPU each of the three spent
per request or transaction."""
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


def cpu_per_request(before, after, clk_tck, total):
    spent = [int(b) - int(a) for a, b in zip(before.split(), after.split())]
    return tuple(ticks * 1e6 / float(clk_tck) / max(total, 1) for ticks in spent)


if __name__ == "__main__":
    args = sys.argv[1:]
    cpu = None
    if "--cpu" in args:
        i = args.index("--cpu")
        cpu, args = args[i + 1:i + 4], args[:i]
    kind, path, *logs = args
    result = wrk(path) if kind == "wrk" else pgbench(path, logs)
    if cpu:
        result = result + cpu_per_request(cpu[0], cpu[1], cpu[2], result[4])
    print(" ".join(f"{v:.3f}" if isinstance(v, float) else str(v) for v in result))
