"""Times the seed pipeline's DICOM loading (load_scan + scan_hu) on one series folder.

Used by test/bench/dicom-read.bench.ts for the side-by-side figure. Imports
<repo>/../shared/reference/seed_pipeline.py by path (the seed is not a package), runs one
untimed warm-up then `runs` timed loads, and prints one JSON line:
{"median_ms", "min_ms", "max_ms", "times_ms", "runs", "shape", "sum", "peak_rss"}.

Run it with /usr/bin/python3 (numpy and pydicom): python3 seed_load.py <folder> [runs]
"""
import importlib.util
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SEED = os.path.normpath(os.path.join(REPO, "..", "shared", "reference", "seed_pipeline.py"))


def load_seed():
    spec = importlib.util.spec_from_file_location("seed_pipeline", SEED)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    folder = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    seed = load_seed()

    def once():
        scan = seed.load_scan(folder)
        return seed.scan_hu(scan)

    hu = once()  # warm-up: imports pydicom's lazy modules, as our runs exclude module loading
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        hu = once()
        times.append((time.perf_counter() - t0) * 1000.0)
        del hu
    hu = once()
    flat = hu.reshape(-1)
    print(json.dumps({
        "median_ms": sorted(times)[len(times) // 2],
        "min_ms": min(times),
        "max_ms": max(times),
        "times_ms": times,
        "runs": runs,
        "shape": list(hu.shape),
        "sum": int(flat[::997].astype("int64").sum()),
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
