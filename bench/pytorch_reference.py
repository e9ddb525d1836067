#!/usr/bin/env python3
"""The PyTorch side of the speed comparison: the networks `scratchnet bench` calls "ref. MLP"
and "ref. CNN", trained and run the same way, timed the same way.

    python3 bench/pytorch_reference.py [--data data/mnist] [--threads 2] [--quick] [--json]

  ref. MLP  784-256-128-10, ReLU, softmax cross-entropy
            - SGD momentum 0.9, lr 0.05, batch 128: seconds per epoch of 60,000 images
            - plain SGD, lr 0.01, batch 1 (the seed's pure stochastic gradient descent)
  ref. CNN  conv 5x5 1->8, ReLU, max pool 2, conv 5x5 8->16, ReLU, max pool 2, dense 256->128
            ReLU, dense 128->10; Adam lr 1e-3, batch 64
  inference one 28x28 image under torch.no_grad(): median and 99th percentile
  memory    peak resident memory of this process (MLP training included)

The images are read from the raw IDX files into memory as uint8 and converted to floats per
batch, as scratchnet does. Needs Debian's python3-torch (apt-get install python3-torch); run it
with /usr/bin/python3. bench/compare runs it next to `scratchnet bench` in the environments the
README's table names.
"""
import argparse
import json
import os
import resource
import statistics
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    t = torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8)
    return t.reshape(shape)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128),
                         nn.ReLU(), nn.Linear(128, 10))


def cnn():
    return nn.Sequential(nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 5),
                         nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256, 128),
                         nn.ReLU(), nn.Linear(128, 10))


def epoch_seconds(model, opt, images, labels, batch, n):
    """Trains on the first n images in a shuffled order; returns seconds scaled to all."""
    model.train()
    order = torch.randperm(n)
    t0 = time.perf_counter()
    for s in range(0, n, batch):
        idx = order[s:s + batch]
        x = images[idx].float().div_(255.0).unsqueeze(1)
        y = labels[idx]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return (time.perf_counter() - t0) * images.shape[0] / n


def latency_us(model, reps):
    model.eval()
    x = torch.rand(1, 1, 28, 28)
    times = []
    with torch.no_grad():
        for _ in range(100):
            model(x)
        for _ in range(reps):
            t0 = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t0) * 1e6)
    times.sort()
    return times[len(times) // 2], times[len(times) * 99 // 100]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "data",
                                                   "mnist"))
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    ap.add_argument("--quick", action="store_true", help="a tenth of an epoch per network")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    images = read_idx(os.path.join(a.data, "train-images-idx3-ubyte"))
    labels = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte")).long()
    full = images.shape[0]
    tenth = full // 10
    res = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "training": [],
        "inference": [],
    }

    def run(name, make, opt_fn, batch, n, reps):
        times = []
        for _ in range(reps):
            m = make()
            times.append(epoch_seconds(m, opt_fn(m), images, labels, batch, n))
        s = statistics.median(times)
        res["training"].append({"name": name, "batch": batch, "seconds_per_epoch": s,
                                "samples_per_second": full / s, "images_timed": n * reps})
        if not a.json:
            print(f"  {name:<34} {batch:5d} {s:8.2f} {full / s:11.0f}", flush=True)

    if not a.json:
        print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, "
              f"OPENBLAS_CORETYPE={res['openblas_coretype']}, "
              f"OPENBLAS_NUM_THREADS={res['openblas_num_threads']}")
        print("training, 60,000 images in memory  batch  s/epoch   samples/s")
    run("ref. MLP, SGD momentum 0.9", mlp,
        lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9), 128,
        tenth if a.quick else full, 1 if a.quick else 3)
    run("ref. MLP, plain SGD (the seed's)", mlp,
        lambda m: torch.optim.SGD(m.parameters(), lr=0.01), 1, tenth // (10 if a.quick else 1),
        1)
    run("ref. CNN, Adam", cnn, lambda m: torch.optim.Adam(m.parameters(), lr=1e-3), 64,
        tenth if a.quick else full, 1)

    if not a.json:
        print("one 28 x 28 image               median us     p99 us")
    for name, make in (("ref. MLP", mlp), ("ref. CNN", cnn)):
        med, p99 = latency_us(make(), 2000 if a.quick else 20000)
        res["inference"].append({"model": name, "median_us": med, "p99_us": p99})
        if not a.json:
            print(f"  {name:<26} {med:10.1f} {p99:10.1f}")

    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    if a.json:
        print(json.dumps(res, indent=2))
    else:
        print(f"peak resident memory: {res['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
