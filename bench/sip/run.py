#!/usr/bin/env python3
"""SIP call-rate benchmark: sipp calls through Linehub's B2BUA (routing and CRM linking on) and,
in the same run, through Kamailio as a stateful proxy with in-memory usrloc.

For each system: the highest rate of the --rates steps sustained for --seconds with zero failed
calls, then INVITE->180 latency p50/p99 at half that rate. With --soak N: N calls through Linehub
at --soak-rate, sampling heap after a full GC and live SIP dialogs/transactions/calls every 10 s.

Run it through bench/run-sip.sh (it builds the jar first). Needs sipp (sip-tester), root for the
socket buffer sysctls, and kamailio (installed with apt-get when missing, unless --skip-kamailio).
"""
import argparse
import csv
import glob
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
JAR = os.path.join(ROOT, "hub", "server", "target", "linehub.jar")
LINE_NUMBER = "74950000000"
FIRST_AGENT = 10000
BUFFERS = 4 * 1024 * 1024
PROCS = []


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def start(cmd, **kw):
    proc = subprocess.Popen(cmd, **kw)
    PROCS.append(proc)
    return proc


def stop_all(*_):
    for proc in reversed(PROCS):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in reversed(PROCS):
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    PROCS.clear()


def raise_buffers():
    for name in ("rmem_max", "wmem_max", "rmem_default", "wmem_default"):
        try:
            with open(f"/proc/sys/net/core/{name}", "w") as f:
                f.write(str(BUFFERS))
        except OSError as e:
            log(f"cannot set net.core.{name} ({e}); run as root for comparable numbers")


def http(method, url, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
            return resp.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def wait_healthy(base, proc, seconds=180):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("Linehub exited during start-up; see its log")
        try:
            status, _ = http("GET", base + "/health")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    sys.exit("Linehub did not become healthy")


def metric(base, name):
    with urllib.request.urlopen(base + "/metrics", timeout=10) as resp:
        for line in resp.read().decode().splitlines():
            if line.startswith(name + " ") or line.startswith(name + "{"):
                return float(line.rsplit(" ", 1)[1])
    return None


def setup_linehub(base, agents, workdir):
    status, body = http("POST", base + "/api/v1/auth/login", body={"login": "admin", "password": "bench-admin-1"})
    if status != 200:
        sys.exit(f"admin login failed: {status} {body}")
    admin = body["token"]
    ids = []
    for i in range(agents):
        ext = str(FIRST_AGENT + i)
        status, user = http("POST", base + "/api/v1/users", admin, {"login": "agent" + ext, "displayName": "Agent " + ext,
                                                                   "role": "agent", "extension": ext,
                                                                   "password": "agent-pass-" + ext})
        if status != 201:
            sys.exit(f"user {ext}: {status} {user}")
        ids.append(user["id"])
        status, reply = http("PUT", f"{base}/api/v1/users/{user['id']}/sip-password", admin, {"password": "sip-" + ext})
        if status != 200:
            sys.exit(f"sip password {ext}: {status} {reply}")
    status, reply = http("POST", base + "/api/v1/lines", admin, {
        "id": "bench", "did": "+" + LINE_NUMBER, "strategy": "longest_idle",
        "timers": {"callOfferSec": 20, "chatOfferSec": 60, "maxWaitSec": 300, "wrapUpSec": 0},
        "members": [{"userId": i} for i in ids]})
    if status != 201:
        sys.exit(f"line: {status} {reply}")
    status, reply = http("PUT", base + "/api/v1/trunks/bench", admin, {"host": "127.0.0.1"})
    if status not in (200, 201):
        sys.exit(f"trunk: {status} {reply}")
    for i in range(agents):
        ext = str(FIRST_AGENT + i)
        status, body = http("POST", base + "/api/v1/auth/login", body={"login": "agent" + ext,
                                                                      "password": "agent-pass-" + ext})
        token = body["token"]
        status, reply = http("PUT", base + "/api/v1/agents/me/state", token, {"state": "available"})
        if status != 200:
            sys.exit(f"agent {ext} state: {status} {reply}")
    return admin


def write_csvs(workdir, agents):
    with open(os.path.join(workdir, "agents.csv"), "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(agents):
            ext = FIRST_AGENT + i
            f.write(f"{ext};sip-{ext}\n")
    with open(os.path.join(workdir, "callers.csv"), "w") as f:
        f.write("SEQUENTIAL\n")
        for i in range(20000):
            f.write(f"+749510{i:05d}\n")  # +7 495 10x-xx-xx: valid Moscow numbers


def sipp(args, workdir, log_name, timeout):
    cmd = ["sipp", "-nostdin", "-i", "127.0.0.1", "-buff_size", str(BUFFERS)] + args
    cmd[1:1] = os.environ.get("SIPP_EXTRA", "").split()
    with open(os.path.join(workdir, log_name), "w") as out:
        proc = start(cmd, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = -1
    PROCS.remove(proc)
    return code


def register(target, agents, workdir, uas_port):
    """One sipp per agent ([authentication] takes no injection fields), 20 at a time. An agent whose
    sipp failed is tried again with another port (twice at most): free_port() only finds a port that
    was free a moment ago, and another process can take it before sipp binds it."""
    pending = [FIRST_AGENT + i for i in range(agents)]
    attempts = {}
    while pending:
        batch, pending = pending[:20], pending[20:]
        running = []
        for ext in batch:
            cmd = ["sipp", "-nostdin", "-i", "127.0.0.1", "-sf", os.path.join(HERE, "register-one.xml"),
                   "-key", "ext", str(ext), "-au", str(ext), "-ap", f"sip-{ext}", "-key", "uas", str(uas_port),
                   "-m", "1", "-timeout", "30s", "-p", str(free_port()), target]
            running.append((ext, subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
        for ext, proc in running:
            out, _ = proc.communicate(timeout=60)
            if proc.returncode != 0:
                with open(os.path.join(workdir, f"register-{ext}-{attempts.get(ext, 0)}.log"), "wb") as f:
                    f.write(out)
                attempts[ext] = attempts.get(ext, 0) + 1
                if attempts[ext] > 2:
                    sys.exit(f"registering agent {ext} at {target} failed (sipp exit {proc.returncode}); "
                             f"see {workdir}/register-{ext}-*.log")
                log(f"registering agent {ext} failed (sipp exit {proc.returncode}); trying again")
                pending.append(ext)


def free_port():
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def calls(target, rate, seconds, workdir, tag, hold_ms, rtt=False):
    """One run of rate*seconds calls; returns (ok, successful, failed, rtts, achieved calls/s).

    ok needs every call to succeed *and* sipp to have kept the rate (95%): when answers lag, sipp
    holds back new calls at its -l limit, and a slowed run of all-successful calls proves nothing."""
    for old in glob.glob(os.path.join(workdir, "uac_*")):
        os.remove(old)
    args = ["-sf", os.path.join(HERE, "uac.xml"), "-inf", os.path.join(workdir, "callers.csv"), "-s", LINE_NUMBER,
            "-r", str(rate), "-m", str(rate * seconds), "-d", str(hold_ms), "-l", str(max(rate * 5, 100)),
            "-recv_timeout", "8000", "-timeout", f"{seconds + 60}s", "-trace_stat", "-fd", str(seconds), "-trace_err",
            "-p", str(free_port())]
    if rtt:
        args += ["-trace_rtt", "-rtt_freq", "1"]
    code = sipp(args + [target], workdir, f"uac-{tag}-{rate}.log", seconds + 120)
    for path in glob.glob(os.path.join(workdir, "uac_*_errors.log")):
        shutil.move(path, os.path.join(workdir, f"errors-{tag}-{rate}.log"))  # why calls failed, kept per step
    stats = sorted(glob.glob(os.path.join(workdir, "uac_*_.csv")))
    successful = failed = 0
    achieved = 0.0
    if stats:
        with open(stats[-1]) as f:
            rows = list(csv.reader(f, delimiter=";"))
        header, last = rows[0], rows[-1]
        successful = int(last[header.index("SuccessfulCall(C)")])
        failed = int(last[header.index("FailedCall(C)")])
        achieved = float(last[header.index("CallRate(C)")])
    rtts = []
    if rtt:
        for path in glob.glob(os.path.join(workdir, "uac_*_rtt.csv")):
            with open(path) as f:
                for row in csv.reader(f, delimiter=";"):
                    if len(row) >= 3 and row[2].strip() == "1":
                        try:
                            rtts.append(float(row[1]))
                        except ValueError:
                            pass
    ok = code == 0 and failed == 0 and successful == rate * seconds and achieved >= 0.95 * rate
    return ok, successful, failed, rtts, round(achieved, 1)


def cpu_snapshot():
    """CPU seconds used so far: the whole machine (busy, from /proc/stat), the JVMs and PostgreSQL."""
    tick = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    busy = (sum(fields[:8]) - fields[3] - fields[4]) / tick  # all but idle and iowait
    groups = {"java": 0.0, "postgres": 0.0}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        rest = raw[raw.rindex(")") + 2:].split()
        if comm in groups:
            groups[comm] += (int(rest[11]) + int(rest[12])) / tick  # utime + stime
    return {"busy": busy, **groups}


CALIBRATION_TASK = ("import hashlib, time\n"
                    "t = time.perf_counter(); h = b'x'\n"
                    "for _ in range(1000000): h = hashlib.md5(h).digest()\n"
                    "print(time.perf_counter() - t)")


def calibrate():
    """Seconds one fixed single-threaded task takes on each CPU, run one CPU at a time while the machine
    is idle. A shared VM's vCPUs are not equally fast, nor equally fast all day (2026-12-06: one vCPU
    took 1.8 times as long as the other for an hour), and the hypervisor need not report it as steal,
    so each step records how fast the machine was just before it."""
    out = {}
    for cpu in sorted(os.sched_getaffinity(0)):
        proc = subprocess.run([sys.executable, "-c", CALIBRATION_TASK], capture_output=True, text=True,
                              preexec_fn=lambda c=cpu: os.sched_setaffinity(0, {c}), timeout=120)
        try:
            out[f"cpu{cpu}"] = round(float(proc.stdout.strip()), 3)
        except ValueError:
            out[f"cpu{cpu}"] = None
    return out


def cpu_per_call(before, after, calls_done):
    """Milliseconds of CPU per call between two snapshots; "rest" is mostly sipp."""
    if not calls_done:
        return {}
    out = {k: round((after[k] - before[k]) * 1000 / calls_done, 3) for k in before}
    out["rest"] = round(out["busy"] - out["java"] - out["postgres"], 3)
    return out


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def hub_log_since(path, offset):
    """What the hub logged since offset: (new offset, lost journal rows?, unhandled errors, card lookups failed)."""
    if not path or not os.path.exists(path):
        return offset, False, 0, 0
    with open(path, errors="replace") as f:
        f.seek(offset)
        text = f.read()
        end = f.tell()
    lost = "Journal full" in text or "Journal dropped" in text or "Journal batch dropped" in text
    return end, lost, text.count("Unhandled exception"), text.count("CRM lookup failed")


# A Linehub step fails when more of its calls than this were offered without the customer's CRM card
# (the screen pop the issue asks for on every offer; routing waits 500 ms for it, then goes on).
MAX_CARDS_MISSED = 0.01


def sweep(name, target, rates, seconds, workdir, hold_ms, drain, hub_log=None, latency_step=True):
    """A step passes on sipp's terms (see calls) and, for Linehub, when the hub lost no journal row
    (call records, routing journal), logged no unhandled error and offered at most 1% of its calls
    without their screen-pop card: a run whose calls all succeeded while the call records fell
    behind and were dropped, or while routing gave up on the CRM, proves nothing either."""
    best = 0
    results = []
    offset = os.path.getsize(hub_log) if hub_log and os.path.exists(hub_log) else 0
    for rate in rates:
        speed = calibrate()
        log(f"{name}: {rate} calls/s for {seconds} s (fixed task's seconds per CPU just before: {speed})")
        before = cpu_snapshot()
        ok, successful, failed, _, achieved = calls(target, rate, seconds, workdir, name, hold_ms)
        cpu = cpu_per_call(before, cpu_snapshot(), successful)
        drain()
        offset, lost, errors, cards_failed = hub_log_since(hub_log, offset)
        ok = ok and not lost and errors == 0 and cards_failed <= MAX_CARDS_MISSED * successful
        results.append({"rate": rate, "ok": ok, "successful": successful, "failed": failed, "achieved": achieved,
                        "cpu_ms_per_call": cpu, "calibration_s": speed, "journal_rows_lost": lost, "unhandled_errors": errors,
                        "card_lookups_failed": cards_failed})
        log(f"{name}: {rate}/s -> {'ok' if ok else 'FAILED'} ({successful} successful, {failed} failed, "
            f"{achieved} calls/s achieved; CPU ms per call {cpu}; journal rows lost: {lost}, "
            f"unhandled errors: {errors}, card lookups failed: {cards_failed})")
        if not ok:
            break
        best = rate
    latency = {}
    if best and latency_step:
        half = max(1, best // 2)
        log(f"{name}: latency at {half} calls/s")
        ok, successful, failed, rtts, _ = calls(target, half, seconds, workdir, name + "-latency", hold_ms, rtt=True)
        latency = {"rate": half, "ok": ok, "samples": len(rtts), "p50_ms": percentile(rtts, 50),
                   "p99_ms": percentile(rtts, 99)}
        drain()
    return {"best": best, "steps": results, "latency": latency}


def warm_up(target, rate, seconds, workdir, hold_ms, drain):
    """Calls before measuring, not counted, in three stages: a quarter of the rate, half, then the rate, a
    third of the time each. A cold JVM thrown straight at 400-500 calls/s (interpreted code, a heap
    still growing) fell behind by seconds; callers that had not even had their 100 Trying gave up
    without a CANCEL (sipp, like a caller past its Timer B), and each of those calls, answered later,
    held an agent for the 32 s the hub resends its 200 without an ACK: the run never recovered."""
    stages = []
    for share in (4, 2, 1):
        stage_rate = max(1, rate // share)
        stage_seconds = max(1, seconds // 3)
        log(f"warm-up: {stage_rate} calls/s for {stage_seconds} s (not counted)")
        ok, successful, failed, _, _ = calls(target, stage_rate, stage_seconds, workdir, f"warmup-{stage_rate}",
                                             hold_ms)
        drain()
        stages.append({"rate": stage_rate, "seconds": stage_seconds, "ok": ok, "successful": successful,
                       "failed": failed})
    return {"rate": rate, "seconds": seconds, "stages": stages}


def jcmd(pid, *args):
    return subprocess.run(["jcmd", str(pid)] + list(args), capture_output=True, text=True, timeout=120).stdout


def sample(pid, base):
    jcmd(pid, "GC.run")
    heap = jcmd(pid, "GC.heap_info")
    used_kb = None
    for line in heap.splitlines():
        if " used " in line and "total" in line:
            part = line.split("used", 1)[1].strip().split("K")[0].strip()
            try:
                used_kb = int(part)
            except ValueError:
                pass
            break
    histogram = jcmd(pid, "GC.class_histogram")
    counts = {}
    for cls in ("gov.nist.javax.sip.stack.SIPDialog", "gov.nist.javax.sip.stack.SIPServerTransactionImpl",
                "gov.nist.javax.sip.stack.SIPClientTransactionImpl", "io.linehub.sip.CallSession", "io.linehub.sip.Leg"):
        counts[cls.rsplit(".", 1)[1]] = 0
        for line in histogram.splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[3] == cls:
                counts[cls.rsplit(".", 1)[1]] = int(parts[1])
    return {"heap_used_kb": used_kb, **counts, "calls_live": metric(base, "linehub_sip_calls_live"),
            "legs_live": metric(base, "linehub_sip_legs_live"),
            "refused_503": metric(base, "linehub_sip_calls_refused_overload_total")}


def soak(total, rate, workdir, target, pid, base, hold_ms, out_csv):
    log(f"soak: {total} calls at {rate}/s")
    for old in glob.glob(os.path.join(workdir, "uac_*")):
        os.remove(old)
    seconds = total // rate
    args = ["-sf", os.path.join(HERE, "uac.xml"), "-inf", os.path.join(workdir, "callers.csv"), "-s", LINE_NUMBER,
            "-r", str(rate), "-m", str(total), "-d", str(hold_ms), "-l", str(rate * 5), "-recv_timeout", "8000",
            "-timeout", f"{seconds + 120}s", "-trace_stat", "-fd", "10", "-p", str(free_port()), target]
    cmd = ["sipp", "-nostdin", "-i", "127.0.0.1", "-buff_size", str(BUFFERS)] + args
    rows = []
    started = time.time()
    rows.append({"t_s": 0, **sample(pid, base)})
    with open(os.path.join(workdir, "soak.log"), "w") as out:
        proc = start(cmd, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            time.sleep(10)
            rows.append({"t_s": round(time.time() - started), **sample(pid, base)})
            log(f"soak: {rows[-1]}")
        PROCS.remove(proc)
    # After the last call the stack still holds the dialogs and transactions of the last 32 s
    # (RFC 3261 Timer J/K on UDP); the last sample, 45 s later, shows what is left for good.
    time.sleep(45)
    rows.append({"t_s": round(time.time() - started), **sample(pid, base)})
    stats = sorted(glob.glob(os.path.join(workdir, "uac_*_.csv")))
    successful = failed = 0
    if stats:
        with open(stats[-1]) as f:
            data = list(csv.reader(f, delimiter=";"))
        successful = int(data[-1][data[0].index("SuccessfulCall(C)")])
        failed = int(data[-1][data[0].index("FailedCall(C)")])
    os.makedirs(os.path.dirname(out_csv), exist_ok=True)
    with open(out_csv, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    log(f"soak: {successful} successful, {failed} failed; series in {out_csv}")
    return {"calls": total, "rate": rate, "successful": successful, "failed": failed, "samples": rows}


def drain_linehub(base):
    def drain():
        for _ in range(60):
            live = metric(base, "linehub_sip_calls_live")
            if live == 0:
                break
            time.sleep(1)
        time.sleep(3)
    return drain


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--rates", default="250,500,750,1000,1250,1500,2000")
    parser.add_argument("--kamailio-rates", default="1000,2000,3000,4000,5000,6000,7000,8000")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--hold-ms", type=int, default=0, help="talk time between ACK and BYE")
    parser.add_argument("--soak", type=int, default=0, help="calls in the soak (0: no soak)")
    parser.add_argument("--soak-rate", type=int, default=500)
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--skip-kamailio", action="store_true")
    parser.add_argument("--skip-latency", action="store_true",
                        help="no latency step at half the best rate (for alternating A/B runs of one rate)")
    parser.add_argument("--skip-linehub", action="store_true", help="measure Kamailio only")
    parser.add_argument("--heap", default="",
                        help="the hub's -Xms/-Xmx, e.g. 2g; default: the JVM's own (a quarter of RAM), as the "
                             "README's run command starts it")
    parser.add_argument("--jar", default=JAR, help="the hub's jar (copy it away to rebuild during a run)")
    parser.add_argument("--jvm-opts", default="", help="extra JVM options for the hub, e.g. a flight recording")
    parser.add_argument("--warmup-seconds", type=int, default=120,
                        help="calls ramping up to --warmup-rate before measuring: on 2 cores the JIT needs minutes")
    parser.add_argument("--warmup-rate", type=int, default=400,
                        help="the warm-up's last stage; it starts at a quarter of it, then half")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *a: (stop_all(), sys.exit(1)))
    if not shutil.which("sipp"):
        sys.exit("sipp is missing: apt-get install sip-tester")
    if not os.path.exists(args.jar):
        sys.exit(f"{args.jar} is missing: run bench/run-sip.sh, which builds it")
    raise_buffers()
    workdir = tempfile.mkdtemp(prefix="linehub-sip-bench-")
    write_csvs(workdir, args.agents)
    results = {"machine": {"nproc": os.cpu_count(), "load_before": os.getloadavg(), "calibration_s": calibrate()},
               "agents": args.agents,
               "seconds": args.seconds, "hold_ms": args.hold_ms}
    try:
        if not args.skip_linehub:
            http_port, sip_port, uas_port = free_port(), free_port(), free_port()
            env = dict(os.environ, LINEHUB_DATA_DIR=os.path.join(workdir, "data"), LINEHUB_HTTP_PORT=str(http_port),
                       LINEHUB_SIP_PORT=str(sip_port), LINEHUB_ADMIN_PASSWORD="bench-admin-1",
                       LINEHUB_SIP_KEEPALIVE_SECONDS="3600", LINEHUB_LOG_LEVEL="warn")
            log(f"Linehub: HTTP {http_port}, SIP {sip_port}; work dir {workdir}")
            hub_log = open(os.path.join(workdir, "linehub.log"), "w")
            heap = ["-Xmx" + args.heap, "-Xms" + args.heap] if args.heap else []
            hub = start(["java"] + heap + ["-XX:+UseG1GC"] + args.jvm_opts.split()
                        + ["-jar", args.jar], env=env,
                        stdout=hub_log, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{http_port}"
            wait_healthy(base, hub)
            log(f"setting up {args.agents} agents")
            setup_linehub(base, args.agents, workdir)
            uas = start(["sipp", "-nostdin", "-i", "127.0.0.1", "-buff_size", str(BUFFERS), "-sf", os.path.join(HERE, "uas.xml"),
                         "-p", str(uas_port)], cwd=workdir, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
            target = f"127.0.0.1:{sip_port}"
            register(target, args.agents, workdir, uas_port)
            log("agents registered")
            time.sleep(2)
            drain = drain_linehub(base)
            if args.warmup_seconds:
                results["warmup"] = warm_up(target, args.warmup_rate, args.warmup_seconds, workdir, args.hold_ms,
                                            drain)
            if not args.skip_sweep:
                results["linehub"] = sweep("linehub", target, [int(r) for r in args.rates.split(",")], args.seconds,
                                           workdir, args.hold_ms, drain, os.path.join(workdir, "linehub.log"),
                                           not args.skip_latency)
            if args.soak:
                out = os.path.join(ROOT, "bench", "results", time.strftime("soak-%Y%m%d-%H%M%S.csv"))
                results["soak"] = soak(args.soak, args.soak_rate, workdir, target, hub.pid, base, args.hold_ms, out)
            hub.send_signal(signal.SIGTERM)
            hub.wait(timeout=60)
            uas.send_signal(signal.SIGTERM)
            uas.wait(timeout=10)
            PROCS.clear()

        if not args.skip_kamailio and not args.skip_sweep:
            if not shutil.which("kamailio"):
                log("installing kamailio (apt-get)")
                subprocess.run(["apt-get", "install", "-y", "-q", "kamailio"], check=True,
                               stdout=subprocess.DEVNULL)
            cfg = os.path.join(workdir, "kamailio.cfg")
            with open(os.path.join(HERE, "kamailio.cfg")) as f:
                text = f.read().replace("#!define AGENTS 300", f"#!define AGENTS {args.agents}")
            with open(cfg, "w") as f:
                f.write(text)
            kam_log = open(os.path.join(workdir, "kamailio.log"), "w")
            start(["kamailio", "-f", cfg, "-DD", "-E", "-m", "2048", "-M", "64", "-P", os.path.join(workdir, "kam.pid")],
                  stdout=kam_log, stderr=subprocess.STDOUT)
            time.sleep(3)
            uas_port = free_port()
            start(["sipp", "-nostdin", "-i", "127.0.0.1", "-buff_size", str(BUFFERS), "-sf", os.path.join(HERE, "uas.xml"),
                   "-p", str(uas_port)], cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            register("127.0.0.1:5090", args.agents, workdir, uas_port)
            results["kamailio"] = sweep("kamailio", "127.0.0.1:5090",
                                        [int(r) for r in args.kamailio_rates.split(",")], args.seconds, workdir,
                                        args.hold_ms, lambda: time.sleep(5))
    finally:
        stop_all()
        results["machine"]["load_after"] = os.getloadavg()
        print(json.dumps(results, indent=2, default=str))
        with open(os.path.join(workdir, "results.json"), "w") as f:
            json.dump(results, f, indent=2, default=str)
        log(f"results in {workdir}/results.json")


if __name__ == "__main__":
    main()
