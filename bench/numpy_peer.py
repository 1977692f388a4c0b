"""The peer: the strike sub-model written as a researcher would in a NumPy notebook.

Vectorised over trials, one Python loop over the missiles of each raid, NumPy's own random
generator. It reads the small scenario (bench/peer_scenario.yaml: one day, one base, one
missile class, runway and ramp raids, barrage and shoot-look-shoot batteries) and follows
docs/model.md: flight reliability, point defence, circular-normal miss with CEP, craters on
the runway and aircraft killed on the ramp. Its random numbers are not the engine's, so the
two agree in distribution only: the means of the metrics below must lie within 5 standard
errors of each other.

    python3 bench/numpy_peer.py [--trials 1000000] [--seed 1] [--engine-trials N]
    python3 bench/numpy_peer.py --machine --no-engine   # lines the benchmark table reads

The engine side runs through the contested Python package on the CPU backend.
"""

import argparse
import math
import pathlib
import sys
import time

import numpy as np
import yaml

SCENARIO = pathlib.Path(__file__).resolve().with_name("peer_scenario.yaml")

# sigma = CEP / sqrt(2 ln 2): half of all misses fall within one CEP (docs/model.md).
CEP_PER_SIGMA = math.sqrt(2.0 * math.log(2.0))

# What the peer computes and where the engine reports it: (name, daily metric's node or
# None for theatre-wide, day row or None for a per-trial outcome).
METRICS = {
    "missiles_intercepted": (None, 1),
    "craters_open": ("airbase", 1),
    "aircraft_lost_ground": (None, None),
}


def load(path=SCENARIO):
    """The scenario's parameters, checked to be the shapes this peer implements."""
    s = yaml.safe_load(pathlib.Path(path).read_text())
    (missile,) = s["missiles"]
    (base,) = s["nodes"]
    (runway,) = base["runways"]
    (fleet,) = base["aircraft"]
    (aircraft_type,) = [t for t in s["aircraft_types"] if t["id"] == fleet["type"]]
    pk = {i["id"]: i["pk"] for i in s.get("interceptors", [])}
    assert s["days"] == 1 and missile["warhead"] == "unitary"
    assert base.get("shelters", 0) == 0 and base["repair"]["teams"] == 0
    batteries = []
    for b in base.get("defenses", []):
        p = pk[b["interceptor"]].get(missile["id"], pk[b["interceptor"]].get("default", 0.0))
        batteries.append({
            "pk": min(1.0, p * missile.get("defense_pk_scale", 1.0)),
            "inventory": b["inventory"],
            "shots": b.get("shots_per_target", 1),
            "barrage": b.get("policy", "barrage") == "barrage",
            "channels": b["channels"],
        })
    raids = []
    for r in s["raids"]:
        assert r["days"][0] <= 1 <= r["days"][1] and r.get("when", "always") == "always"
        assert r["aim"] in ("runway", "ramp")
        raids.append({"aim": r["aim"], "count": r["count"]})
    return {
        "reliability": missile["reliability"],
        "sigma": missile["cep_m"] / CEP_PER_SIGMA,
        "lethal_soft": missile["lethal_radius_m"]["soft"],
        "crater_radius": missile.get("crater_radius_m", 0.0),
        "inventory": missile["inventory"],
        "launches_per_day": missile["launchers"] * missile.get("salvos_per_day", 1),
        "batteries": batteries,
        "raids": raids,
        "runway": (runway["length_m"], runway["width_m"]),
        "ramp": (base["ramp"]["length_m"], base["ramp"]["width_m"]),
        "airborne_fraction": base.get("airborne_fraction", 0.0),
        "aircraft": fleet["count"],
        "mc_rate": aircraft_type["mc_rate"],
    }


def area_grid(count, length, width):
    """Points spread evenly over a length x width rectangle (kernels/layout.hpp)."""
    cols = int(min(max(math.ceil(math.sqrt(count * length / width)), 1), count))
    rows = (count + cols - 1) // cols
    i = np.arange(count)
    return (i % cols + 0.5) * (length / cols), (i // cols + 0.5) * (width / rows)


def simulate(p, trials, seed):
    """Per-trial values of METRICS for `trials` independent trials."""
    rng = np.random.default_rng(seed)
    n = trials
    # Day 0 every aircraft is mission capable with mc_rate; at raid time a capable one is
    # aloft with airborne_fraction. The rest sit on the ramp, aircraft i on spot i.
    capable = rng.random((n, p["aircraft"])) < p["mc_rate"]
    on_ground = ~(capable & (rng.random((n, p["aircraft"])) < p["airborne_fraction"]))
    spot_x, spot_y = area_grid(p["aircraft"], *p["ramp"])
    length, width = p["runway"]

    inventory = [np.full(n, b["inventory"]) for b in p["batteries"]]
    missiles_left = p["inventory"]
    launches_left = p["launches_per_day"]
    intercepted = np.zeros(n, np.int64)
    craters = np.zeros(n, np.int64)
    lost = np.zeros(n, np.int64)
    for raid in p["raids"]:
        launched = min(raid["count"], missiles_left, launches_left)
        missiles_left -= launched
        launches_left -= launched
        channels_used = [np.zeros(n, np.int64) for _ in p["batteries"]]
        aim_x, aim_y = area_grid(launched, *p["ramp"])
        for k in range(launched):
            flies = rng.random(n) < p["reliability"]
            # The first battery with a free channel and enough rounds engages.
            engaged = np.zeros(n, bool)
            killed = np.zeros(n, bool)
            for b, battery in enumerate(p["batteries"]):
                needed = battery["shots"] if battery["barrage"] else 1
                fires = (flies & ~engaged & (channels_used[b] < battery["channels"])
                         & (inventory[b] >= needed) & (battery["pk"] > 0))
                channels_used[b] += fires
                engaged |= fires
                if battery["barrage"]:
                    inventory[b] -= fires * battery["shots"]
                    hit = (rng.random((n, battery["shots"])) < battery["pk"]).any(axis=1)
                    killed |= fires & hit
                else:
                    alive = fires
                    for _ in range(battery["shots"]):
                        shoots = alive & (inventory[b] > 0)
                        inventory[b] -= shoots
                        hit = shoots & (rng.random(n) < battery["pk"])
                        killed |= hit
                        alive = shoots & ~hit
            intercepted += killed
            arrives = flies & ~killed
            miss_x, miss_y = p["sigma"] * rng.standard_normal((2, n))
            if raid["aim"] == "runway":
                # The k-th missile aims at L (k + 0.5) / n along the centreline.
                x = length * (k + 0.5) / launched + miss_x
                inside = (x >= 0) & (x <= length) & (np.abs(miss_y) <= width / 2)
                craters += arrives & inside & (p["crater_radius"] > 0)
            else:
                dx = spot_x[None, :] - (aim_x[k] + miss_x)[:, None]
                dy = spot_y[None, :] - (aim_y[k] + miss_y)[:, None]
                hit = arrives[:, None] & on_ground & (dx * dx + dy * dy <= p["lethal_soft"] ** 2)
                lost += hit.sum(axis=1)
                on_ground &= ~hit
    return {"missiles_intercepted": intercepted, "craters_open": craters,
            "aircraft_lost_ground": lost}


def summarise(samples):
    """Mean and standard error of each metric's per-trial values."""
    return {name: (float(v.mean()), float(v.std(ddof=1) / math.sqrt(len(v))))
            for name, v in samples.items()}


def engine(path, trials, seed):
    """The engine's mean and standard error of each metric (contested package, CPU)."""
    import contested

    r = contested.run(str(path), trials=trials, seed=seed, backend="cpu", progress=False)
    out = {}
    for name, (node, day) in METRICS.items():
        d = r.outcome(name) if day is None else r.metric(name, node=node)
        mean = d.mean if day is None else d.mean[day]
        std = d.std if day is None else d.std[day]
        out[name] = (float(mean), float(std) * math.sqrt(trials / (trials - 1)) / math.sqrt(trials))
    return out


def z_scores(a, b):
    """(mean_a - mean_b) / SE of the difference, per metric; independent samples."""
    return {name: (a[name][0] - b[name][0]) / math.hypot(a[name][1], b[name][1]) for name in a}


def timed(p, trials, seed):
    """Per-trial samples and the seconds they took (after a small warm-up run)."""
    simulate(p, min(trials, 1000), seed + 1)
    start = time.perf_counter()
    samples = simulate(p, trials, seed)
    return samples, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=str(SCENARIO))
    parser.add_argument("--trials", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine-trials", type=int, default=0,
                        help="trials of the engine run (default: --trials)")
    parser.add_argument("--no-engine", action="store_true",
                        help="only the peer (the benchmark table runs the engine itself)")
    parser.add_argument("--machine", action="store_true",
                        help="plain lines for the benchmark table instead of prose")
    args = parser.parse_args(argv)

    p = load(args.scenario)
    samples, seconds = timed(p, args.trials, args.seed)
    peer = summarise(samples)
    if args.machine:
        print(f"rate {args.trials} {seconds:.6f}")
        for name, (node, day) in METRICS.items():
            where = f"{node or '-'} {'-' if day is None else day}"
            print(f"metric {name} {where} {peer[name][0]:.9g} {peer[name][1]:.9g}")
    else:
        print(f"numpy peer: {args.trials} trials in {seconds:.3f} s, "
              f"{args.trials / seconds:,.0f} trials/s (one thread)")
    if args.no_engine:
        return 0

    engine_trials = args.engine_trials or args.trials
    start = time.perf_counter()
    reference = engine(args.scenario, engine_trials, args.seed)
    engine_seconds = time.perf_counter() - start
    print(f"engine (contested, CPU backend): {engine_trials} trials in {engine_seconds:.3f} s, "
          f"{engine_trials / engine_seconds:,.0f} trials/s")
    z = z_scores(peer, reference)
    print(f"{'metric':<22} {'numpy mean':>12} {'SE':>9} {'engine mean':>12} {'SE':>9} {'z':>7}")
    for name in METRICS:
        print(f"{name:<22} {peer[name][0]:>12.5f} {peer[name][1]:>9.5f} "
              f"{reference[name][0]:>12.5f} {reference[name][1]:>9.5f} {z[name]:>7.2f}")
    agree = all(abs(v) < 5 for v in z.values())
    print("agree within 5 SE" if agree else "DISAGREE: some |z| >= 5")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
