#!/usr/bin/env python3
"""Times pairs of ICE agents that speak the `icelab ice-agent` line protocol, on loopback.

  src/bench/scripts/ice-agents.py [--runs 7] [--pairs icelab-icelab,libnice-libnice,icelab-libnice,libnice-icelab]

Each run starts both processes at once, forwards every a= line of one to the other's stdin as it appears, and
records when each prints "connected". Printed per pair (first named: controlling), as medians over the runs:
  start     from starting the processes to both connected
  after     from the last a= line forwarded (candidates and end-of-candidates, either side) to both connected
Agents: icelab = java $ICELAB_JAVA_OPTS -jar target/icelab.jar ice-agent, or with --launcher through docker/icelab/icelab
(C1 only, serial GC, a class-data archive made here first as target/icelab-agent.jsa); libnice = libnice-agent.py
beside this script (Debian gir1.2-nice-0.1 and python3-gi). A pair whose agent is missing is skipped, saying why.
"""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


LAUNCHER = False


def command(kind, role):
    if kind == "icelab" and LAUNCHER:
        return [os.path.join(ROOT, "docker", "icelab", "icelab"), "ice-agent", "--" + role]
    if kind == "icelab":
        opts = shlex.split(os.environ.get("ICELAB_JAVA_OPTS", ""))
        return ["java", *opts, "-jar", os.path.join(ROOT, "target", "icelab.jar"), "ice-agent", "--" + role]
    if kind == "libnice":
        return ["/usr/bin/python3", os.path.join(HERE, "libnice-agent.py"), "--" + role]
    raise SystemExit("unknown agent " + kind)


def missing(kind):
    if kind == "icelab" and not os.path.exists(os.path.join(ROOT, "target", "icelab.jar")):
        return "target/icelab.jar missing: run mvn -B package -DskipTests"
    if kind == "libnice":
        probe = subprocess.run(["/usr/bin/python3", "-c", "import gi; gi.require_version('Nice', '0.1')"],
                               capture_output=True)
        if probe.returncode != 0:
            return "libnice not installed (Debian packages gir1.2-nice-0.1 python3-gi)"
    return None


class Side:
    def __init__(self, cmd, t0):
        self.t0 = t0
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        self.connected = None
        self.last_line = None
        self.peer = None
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self.read, daemon=True)

    def read(self):
        for line in self.proc.stdout:
            now = time.monotonic()
            if line.startswith("a="):
                while self.peer is None:
                    time.sleep(0.0005)
                with self.peer.lock:
                    try:
                        self.peer.proc.stdin.write(line)
                        self.peer.proc.stdin.flush()
                    except (BrokenPipeError, ValueError):
                        pass
                self.last_line = time.monotonic()
            elif line.startswith("connected ") and self.connected is None:
                self.connected = now


def run_pair(a, b, timeout=30.0):
    t0 = time.monotonic()
    left = Side(command(a, "controlling"), t0)
    right = Side(command(b, "controlled"), t0)
    left.peer, right.peer = right, left
    left.reader.start()
    right.reader.start()
    deadline = t0 + timeout
    while time.monotonic() < deadline and (left.connected is None or right.connected is None):
        time.sleep(0.001)
    for s in (left, right):
        try:
            s.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
    for s in (left, right):
        try:
            s.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            s.proc.kill()
            s.proc.wait()
    if left.connected is None or right.connected is None:
        return None
    both = max(left.connected, right.connected)
    last = max(x for x in (left.last_line, right.last_line) if x is not None)
    return (both - t0) * 1000, (both - last) * 1000


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--pairs", default="icelab-icelab,libnice-libnice,icelab-libnice,libnice-icelab")
    p.add_argument("--launcher", action="store_true", help="run icelab through docker/icelab/icelab")
    args = p.parse_args()
    if args.launcher:
        global LAUNCHER
        LAUNCHER = True
        jar = os.path.join(ROOT, "target", "icelab.jar")
        jsa = os.path.join(ROOT, "target", "icelab-agent.jsa")
        os.environ["ICELAB_JAR"] = jar
        os.environ["ICELAB_CDS"] = jsa
        if not os.path.exists(jsa) or os.path.getmtime(jsa) < os.path.getmtime(jar):
            subprocess.run(["java", "-XX:ArchiveClassesAtExit=" + jsa, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                            "-jar", jar, "ice-agent", "--controlling", "--timeout", "0.3s"],
                           stdin=subprocess.DEVNULL, capture_output=True)
    print("ice-agents: %d runs per pair, %d cores, loopback; icelab %s, ICELAB_JAVA_OPTS=%r"
          % (args.runs, os.cpu_count(), "through docker/icelab/icelab" if args.launcher else "java -jar",
             os.environ.get("ICELAB_JAVA_OPTS", "")))
    print("%-18s %10s %10s %8s" % ("pair", "start_ms", "after_ms", "failed"))
    medians = {}
    for pair in args.pairs.split(","):
        a, b = pair.split("-")
        why = missing(a) or missing(b)
        if why:
            print("%-18s skipped: %s" % (pair, why))
            continue
        results, failed = [], 0
        for _ in range(args.runs):
            r = run_pair(a, b)
            if r is None:
                failed += 1
            else:
                results.append(r)
        if not results:
            print("%-18s %10s %10s %8d" % (pair, "-", "-", failed))
            continue
        start = statistics.median(r[0] for r in results)
        after = statistics.median(r[1] for r in results)
        medians[pair] = (start, after)
        print("%-18s %10.1f %10.1f %8d" % (pair, start, after, failed))
    if "icelab-icelab" in medians and "libnice-libnice" in medians:
        print("start ratio icelab/libnice: %.2f" % (medians["icelab-icelab"][0] / medians["libnice-libnice"][0]))
    if "icelab-libnice" in medians and "libnice-icelab" in medians:
        print("after ratio libnice->icelab / icelab->libnice: %.2f"
              % (medians["libnice-icelab"][1] / medians["icelab-libnice"][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
