#!/usr/bin/env python3
"""A flood of junk UDP datagrams at the hub's SIP port: what it does to the hub's heap, and whether
the hub answers again once it stops.

Starts the packaged hub as bench/sip/run.py does, then sends datagrams that look like SIP but cannot
be parsed (an INVITE without Call-ID, CSeq, From or To) as fast as --senders processes can, for
--seconds. Every --interval seconds it reads the JVM's heap in use (jcmd GC.heap_info, no forced
collection). After the flood it times how long the hub takes to answer an OPTIONS again.

Usage: python3 bench/sip/flood.py [--jar hub/server/target/linehub.jar] [--seconds 20]
"""
import argparse
import multiprocessing
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the SIP benchmark's helpers: start, stop_all, free_port, ...)


def junk(size):
    head = ("INVITE sip:100@127.0.0.1 SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-flood\r\n"
            "Max-Forwards: 70\r\n")
    padding = "X-Flood: " + "f" * max(0, size - len(head) - 14) + "\r\n\r\n"
    return (head + padding).encode("ascii")


def blast(port, seconds, size, counter):
    payload = junk(size)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    target = ("127.0.0.1", port)
    sent = 0
    end = time.time() + seconds
    while time.time() < end:
        for _ in range(200):
            try:
                sock.sendto(payload, target)
                sent += 1
            except OSError:
                pass
    with counter.get_lock():
        counter.value += sent


def heap_used_mb(pid):
    for line in run.jcmd(pid, "GC.heap_info").splitlines():
        if " used " in line and "total" in line:
            try:
                return int(line.split("used", 1)[1].strip().split("K")[0].strip()) / 1024
            except ValueError:
                return None
    return None


def options_answered(port, timeout):
    """Seconds until an OPTIONS is answered 200, trying every 0.2 s; None if never within timeout."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    local = sock.getsockname()[1]
    began = time.time()
    n = 0
    while time.time() - began < timeout:
        n += 1
        call = f"flood-probe-{n}"
        msg = (f"OPTIONS sip:linehub@127.0.0.1:{port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK-{call}\r\n"
               f"From: <sip:probe@127.0.0.1>;tag={call}\r\nTo: <sip:linehub@127.0.0.1>\r\n"
               f"Call-ID: {call}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
        sock.sendto(msg.encode("ascii"), ("127.0.0.1", port))
        try:
            while True:
                data = sock.recv(65536).decode("ascii", "replace")
                if call in data and data.startswith("SIP/2.0 200"):
                    return round(time.time() - began, 2)
        except socket.timeout:
            continue
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jar", default=run.JAR)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--size", type=int, default=600, help="bytes per datagram")
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--jvm-opts", default="")
    args = parser.parse_args()
    run.raise_buffers()
    workdir = tempfile.mkdtemp(prefix="linehub-sip-flood-")
    http_port, sip_port = run.free_port(), run.free_port()
    env = dict(os.environ, LINEHUB_DATA_DIR=os.path.join(workdir, "data"), LINEHUB_HTTP_PORT=str(http_port),
               LINEHUB_SIP_PORT=str(sip_port), LINEHUB_ADMIN_PASSWORD="bench-admin-1", LINEHUB_LOG_LEVEL="warn")
    try:
        with open(os.path.join(workdir, "linehub.log"), "w") as hub_log:
            hub = run.start(["java", "-XX:+UseG1GC"] + args.jvm_opts.split() + ["-jar", args.jar], env=env,
                            stdout=hub_log, stderr=hub_log)
            run.wait_healthy(f"http://127.0.0.1:{http_port}", hub)
            run.log(f"hub up (SIP {sip_port}); heap in use {heap_used_mb(hub.pid):.0f} MB; "
                    f"answers OPTIONS in {options_answered(sip_port, 10)} s")
            counter = multiprocessing.Value("q", 0)
            senders = [multiprocessing.Process(target=blast, args=(sip_port, args.seconds, args.size, counter))
                       for _ in range(args.senders)]
            for s in senders:
                s.start()
            peak = 0.0
            began = time.time()
            while any(s.is_alive() for s in senders):
                used = heap_used_mb(hub.pid)
                if used is not None:
                    peak = max(peak, used)
                    run.log(f"{time.time() - began:5.1f} s: heap in use {used:.0f} MB")
                if hub.poll() is not None:
                    run.log(f"the hub exited with {hub.returncode}")
                    break
                time.sleep(args.interval)
            for s in senders:
                s.join()
            answered = options_answered(sip_port, 120) if hub.poll() is None else None
            after = heap_used_mb(hub.pid) if hub.poll() is None else None
            dropped = None
            if hub.poll() is None:
                with run.urllib.request.urlopen(f"http://127.0.0.1:{http_port}/metrics", timeout=10) as resp:
                    dropped = {line.split("reason=\"")[1].split("\"")[0]: float(line.rsplit(" ", 1)[1])
                               for line in resp.read().decode().splitlines()
                               if line.startswith("linehub_sip_datagrams_dropped_total{")} or None
            run.log(f"datagrams the hub dropped (/metrics): {dropped}")
            run.log(f"sent {counter.value} datagrams of {args.size} bytes in {args.seconds} s "
                    f"({counter.value / args.seconds:.0f}/s); peak heap in use {peak:.0f} MB; "
                    f"OPTIONS answered {answered} s after the flood; heap then {after} MB; "
                    f"hub alive: {hub.poll() is None}")
    finally:
        run.stop_all()


if __name__ == "__main__":
    main()
