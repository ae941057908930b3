#!/usr/bin/env python3
"""Corpus-scale benchmark of zhikg, run by `make bench-ingest`.

Builds generated corpora from real texts (make_corpus.py of the shared bench
material), then, in one run:
  * ingests the small corpus with the Python peer pipeline (jieba + rdflib)
    and three times with zhikg, and prints both rates (zhikg's the median),
    their ratio in wall and in CPU time, the cores each kept busy and each
    stage's share of zhikg's CPU;
  * ingests the large corpus into a new store and prints MB/s, triples per KB
    of text, store bytes per text byte, peak RSS and each stage's share of
    the CPU (from `ingest --timings`);
  * times every whole-graph command on that store, each with its peak RSS:
    stats, explain, export in every format (default selection and all
    predicates) and every named query, first on the store as ingest leaves
    it and again after `optimize` (itself timed); then analyze;
  * ingests hostile shapes (one line without punctuation at three sizes, and
    100,000 short lines) and prints their time, rate, triples per KB and RSS.

usage: corpus.py [--bin target/release/zhikg] [--bench-dir ../shared/bench]
                 [--small 5] [--large 20] [--huge 0] [--work target/bench-corpus]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

PREDICATES = ("affiliatedWith,partOf,proposed,released,hosted,presided,attended,"
              "supports,advocates,establishedUnder,discusses,relatedTo")
ZHIKG_RUNS = 3
EXPORTS = ["dot", "svg", "graphml", "csv", "jsonld", "turtle", "trig", "nquads", "ntriples"]


def timed(cmd, out=subprocess.DEVNULL):
    """Like run, but the peak RSS is that of this child alone (wait4); also
    gives the child's CPU seconds, user and system."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE if out is None else out,
                         stderr=subprocess.PIPE)
    stdout = p.stdout.read() if out is None else b""
    stderr = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(cmd)}\n{stderr.decode(errors='replace')}")
    return (seconds, usage.ru_maxrss / 1024, stdout.decode(), stderr.decode(),
            usage.ru_utime + usage.ru_stime)


def own_rss():
    """This script's resident size in MB, which a child's peak RSS starts from."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def corpus(bench_dir, work, mb):
    path = os.path.join(work, f"corpus-{mb}mb")
    if not os.path.isdir(path):
        subprocess.run([sys.executable, os.path.join(bench_dir, "make_corpus.py"), path,
                        "--mb", str(mb)], check=True, stdout=subprocess.DEVNULL)
    return path


def text_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f))
               for d, _, fs in os.walk(path) for f in fs if f.endswith((".md", ".txt")))


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def ingest(zhikg, store, path):
    shutil.rmtree(store, ignore_errors=True)
    seconds, rss, out, err, cpu = timed([zhikg, "--store", store, "ingest", "--timings", path],
                                        None)
    return seconds, rss, out + err, cpu


def print_stages(report):
    """The CPU time of each stage and the run's total, as `ingest --timings` prints them."""
    for line in report.splitlines():
        if line.startswith(("stage ", "cpu ")):
            print(line)


def triples(zhikg, store):
    _, _, out, _, _ = timed([zhikg, "--store", store, "query", "--format", "json",
                          "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"], None)
    return int(json.loads(out)["results"]["bindings"][0]["n"]["value"])


def shapes(zhikg, work, small):
    """Hostile shapes made from the small corpus's own characters: one line
    without punctuation at three sizes (cost must grow with size, not its square) and a
    file of 100,000 short lines."""
    # One string, not a list of characters: a child's peak RSS counts this
    # process's size when it was started, so this process stays small.
    parts, count = [], 0
    for d, _, fs in sorted(os.walk(small)):
        for f in sorted(fs):
            text = open(os.path.join(d, f), encoding="utf-8").read()
            parts.append("".join(c for c in text if "\u4e00" <= c <= "\u9fff"))
            count += len(parts[-1])
            if count > 2_000_000:
                break
    han = "".join(parts)
    del parts
    cases = [("line-0.5mb.txt", han[:170_000]),
             ("line-1mb.txt", han[:340_000]),
             ("line-4mb.txt", han[:1_360_000]),
             ("lines-100k.txt", "\n".join(han[i * 8:i * 8 + 8] for i in range(100_000)))]
    print("\n== hostile shapes (ingest into a new store)")
    for name, text in cases:
        path = os.path.join(work, name)
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        nbytes = os.path.getsize(path)
        store = os.path.join(work, "store-shape")
        seconds, rss, _, _ = ingest(zhikg, store, path)
        n = triples(zhikg, store)
        print(f"{name:15} {nbytes / 1e6:5.2f} MB  {seconds:6.2f} s  {nbytes / 1e6 / seconds:5.2f} MB/s  "
              f"{n / (nbytes / 1000):5.1f} triples/KB  peak RSS {rss:5.0f} MB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/zhikg")
    ap.add_argument("--bench-dir", default="../shared/bench")
    ap.add_argument("--work", default="target/bench-corpus")
    ap.add_argument("--small", type=int, default=5)
    ap.add_argument("--large", type=int, default=20)
    ap.add_argument("--huge", type=int, default=0, help="also ingest a corpus of this many MB (RSS)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    zhikg = os.path.abspath(a.bin)

    small = corpus(a.bench_dir, a.work, a.small)
    mb = text_bytes(small) / 1e6
    peer_s, peer_rss, _, _, peer_cpu = timed(
        [sys.executable, os.path.join(a.bench_dir, "peer_pipeline.py"), small,
         os.path.join(a.work, "peer.nq")], None)
    # zhikg's run is short beside the peer's, so the VM's noise moves it
    # more: the median of three runs, each into a new store, is the figure.
    runs = [ingest(zhikg, os.path.join(a.work, "store-small"), small) for _ in range(ZHIKG_RUNS)]
    z_s, z_rss, z_report, z_cpu = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    print(f"== {a.small} MB corpus ({mb:.1f} MB of text), same run")
    print(f"python peer   {mb / peer_s:7.2f} MB/s  {peer_s:7.2f} s  "
          f"cpu {peer_cpu:6.2f} s  peak RSS {peer_rss:6.0f} MB")
    print(f"zhikg ingest  {mb / z_s:7.2f} MB/s  {z_s:7.2f} s  "
          f"cpu {z_cpu:6.2f} s  peak RSS {z_rss:6.0f} MB  "
          f"(median of {ZHIKG_RUNS}: {', '.join(f'{r[0]:.2f}' for r in runs)} s)")
    # The wall ratio is the CPU ratio times the cores zhikg keeps busy over
    # those the peer keeps busy: on this machine it can grow no further
    # than the CPU ratio times the cores there are.
    cores = os.cpu_count() or 1
    print(f"ratio zhikg/peer: {peer_s / z_s:.1f}x wall, {peer_cpu / z_cpu:.1f}x cpu; "
          f"zhikg keeps {z_cpu / z_s:.2f} of {cores} cores busy, the peer {peer_cpu / peer_s:.2f}")
    print_stages(z_report)

    sizes = [a.large] + ([a.huge] if a.huge else [])
    for size in sizes:
        path = corpus(a.bench_dir, a.work, size)
        store = os.path.join(a.work, f"store-{size}mb")
        nbytes = text_bytes(path)
        seconds, rss, report, _ = ingest(zhikg, store, path)
        n = triples(zhikg, store)
        print(f"\n== {size} MB corpus ({nbytes / 1e6:.1f} MB of text)")
        print(f"zhikg ingest  {nbytes / 1e6 / seconds:7.2f} MB/s  {seconds:7.2f} s  peak RSS {rss:6.0f} MB")
        print(f"triples {n}  ({n / (nbytes / 1000):.1f} per KB of text)  "
              f"store {dir_bytes(store) / nbytes:.1f} bytes per text byte")
        print_stages(report)

    store = os.path.join(a.work, f"store-{a.large}mb")
    nbytes = text_bytes(corpus(a.bench_dir, a.work, a.large))
    reads = [["stats"], ["explain", "中国"]]
    for f in EXPORTS:
        reads.append(["export", "--format", f, "--out", os.path.join(a.work, f"export.{f}")])
    for f in ["dot", "graphml", "csv"]:
        reads.append(["export", "--format", f, "--predicates", PREDICATES,
                      "--out", os.path.join(a.work, f"export-all.{f}")])
    for q in sorted(os.listdir("queries")):
        if q.endswith(".rq"):
            text = open(os.path.join("queries", q), encoding="utf-8").read()
            param = ["--param", "label=中国"] if "?label" in text else []
            reads.append(["query", "--name", q[:-3]] + param)

    def shown(c):
        return " ".join(x if "," not in x else "ALL" for x in c if "/" not in x)

    # Reads first on the store as ingest leaves it, then again once its
    # sorted files are merged; analyze writes the store, so it comes last.
    as_ingested = [timed([zhikg, "--store", store] + c)[:2] for c in reads]
    seconds, rss, _, _, _ = timed([zhikg, "--store", store, "optimize"])
    print(f"\n== optimize the {a.large} MB store: {seconds:.2f} s, peak RSS {rss:.0f} MB, "
          f"store {dir_bytes(store) / nbytes:.1f} bytes per text byte after")
    print(f"\n== commands on the {a.large} MB store (seconds, peak RSS): "
          "as ingest leaves it | after optimize")
    for c, (s0, r0) in zip(reads, as_ingested):
        s1, r1, _, _, _ = timed([zhikg, "--store", store] + c)
        print(f"{s0:7.2f} s {r0:6.0f} MB | {s1:7.2f} s {r1:6.0f} MB  {shown(c)}")
    for c in [["analyze"], ["analyze", "--predicates", PREDICATES]]:
        s1, r1, _, _, _ = timed([zhikg, "--store", store] + c)
        print(f"{'':>20} | {s1:7.2f} s {r1:6.0f} MB  {shown(c)}")
    print(f"(a peak RSS is at least this script's own size when it starts the command, "
          f"{own_rss():.0f} MB here)")

    # Last: building the shapes grows this script, and with it the floor of
    # every peak RSS measured after.
    shapes(zhikg, a.work, small)


if __name__ == "__main__":
    main()
