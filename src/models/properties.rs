//! Property tests of the models: outputs are finite, and monotonic where the maths says so,
//! over randomly drawn parameters (PROPTEST_CASES sets how many). Failing cases are saved to and
//! replayed from `properties.proptest-regressions` next to this file.
//!
//! Also here, because it needs the private model table: `mdbook-svg-charts models` lists every
//! model with its summary, formula and parameters.

use super::{
    MODELS, availability, cache, fanout, latency, listing, queueing, retry, rng, scalability,
};
use proptest::prelude::*;

proptest! {
    #[test]
    fn cache_latency_falls_and_throughput_rises(
        cache_ms in 0.01f64..100.0,
        extra in 0.01f64..10_000.0,
        a in 0.0f64..=1.0,
        b in 0.0f64..=1.0,
    ) {
        let backend = cache_ms + extra;
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let (l1, l2) = (cache::latency(lo, cache_ms, backend), cache::latency(hi, cache_ms, backend));
        prop_assert!(l1.is_finite() && l2.is_finite());
        prop_assert!(l2 <= l1 + 1e-9);
        prop_assert!(l2 >= cache_ms - 1e-9 && l1 <= backend + 1e-9);
        let (m1, m2) = (cache::multiplier(lo, cache_ms, backend), cache::multiplier(hi, cache_ms, backend));
        prop_assert!(m1.is_finite() && m2 >= m1 - 1e-9);
    }

    #[test]
    fn queueing_latency_grows_with_utilization(
        service in 0.1f64..1000.0,
        servers in 1usize..64,
        a in 0.01f64..0.98,
        b in 0.01f64..0.98,
        p in prop::sample::select(vec![0.5, 0.9, 0.95, 0.99, 0.999]),
    ) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let (m1, m2) = (queueing::mean_response(service, servers, lo), queueing::mean_response(service, servers, hi));
        prop_assert!(m1.is_finite() && m2.is_finite());
        prop_assert!(m1 >= service - 1e-9, "mean below the service time");
        prop_assert!(m2 >= m1 - 1e-9 * m1);
        let (q1, q2) = (queueing::quantile(p, service, servers, lo), queueing::quantile(p, service, servers, hi));
        prop_assert!(q1.is_finite() && q2 >= q1 * (1.0 - 1e-6));
        // The quantile is where the survival function says it is.
        let s = queueing::survival(q2, service, servers, hi);
        prop_assert!((s - (1.0 - p)).abs() < 1e-6, "survival {s} at the {p} quantile");
    }

    #[test]
    fn latency_samples_are_positive_finite_and_solved_exactly(
        median in 1e-3f64..1e5,
        spread in 1.0001f64..1000.0,
        slow in 0.0f64..=0.5,
        slow_median in 1e-3f64..1e6,
        seed in 0u64..1_000_000_000,
    ) {
        let p99 = median * spread;
        let (mu, sigma) = latency::solve(median, p99);
        prop_assert!(sigma > 0.0);
        // The solved log-normal's median and p99 are the ones given.
        prop_assert!((mu.exp() - median).abs() <= 1e-9 * median);
        prop_assert!(((mu + sigma * latency::Z99).exp() - p99).abs() <= 1e-9 * p99);
        let mix = latency::Mixture {
            usual: (mu, sigma),
            slow: latency::solve(slow_median, slow_median * 2.0),
            slow_fraction: slow,
        };
        let v = latency::samples(&mix, 500, seed);
        prop_assert_eq!(v.len(), 500);
        prop_assert!(v.iter().all(|x| x.is_finite() && *x > 0.0));
        prop_assert_eq!(v, latency::samples(&mix, 500, seed));
    }

    #[test]
    fn availability_falls_in_series_and_rises_with_replicas(a in 0.5f64..0.999_999, n in 1u32..200) {
        let n = f64::from(n);
        prop_assert!(availability::serial(a, n + 1.0) < availability::serial(a, n));
        prop_assert!(availability::redundant(a, n + 1.0) >= availability::redundant(a, n));
        prop_assert!((0.0..=1.0).contains(&availability::serial(a, n)));
        prop_assert!((0.0..=1.0).contains(&availability::redundant(a, n)));
    }

    #[test]
    fn fanout_tail_grows_with_fanout(p in 1e-6f64..0.5, n in 1u32..10_000, mean in 0.1f64..1e4) {
        let n = f64::from(n);
        let (a, b) = (fanout::any_slow(p, n), fanout::any_slow(p, n + 1.0));
        prop_assert!(b >= a && b <= 1.0);
        if a < 1.0 - 1e-12 {
            prop_assert!(b > a, "not rising below saturation: {a} {b}");
        }
        prop_assert!(fanout::p99_of_max(mean, n + 1.0) > fanout::p99_of_max(mean, n));
        prop_assert!(fanout::p99_of_max(mean, n).is_finite());
    }

    #[test]
    fn amdahl_never_falls_and_usl_peaks(sigma in 0.0f64..0.5, kappa in 1e-6f64..0.05, n in 1u32..10_000) {
        let n = f64::from(n);
        prop_assert!(scalability::usl(1.0, sigma, 0.0, n + 1.0) >= scalability::usl(1.0, sigma, 0.0, n));
        let peak = scalability::usl_peak(sigma, kappa).unwrap();
        let x = scalability::usl(1.0, sigma, kappa, n);
        prop_assert!(x.is_finite() && x > 0.0);
        prop_assert!(x <= scalability::usl(1.0, sigma, kappa, peak) + 1e-9);
    }

    #[test]
    fn backoff_is_bounded_by_the_cap(base in 0.001f64..10.0, mult in 1.0f64..4.0, cap in 0.01f64..100.0, seed in any::<u64>()) {
        let mut r = rng::SplitMix64::new(seed);
        for strategy in ["constant", "exponential", "full-jitter", "equal-jitter"] {
            for d in retry::delays(strategy, base, mult, cap, 20, &mut r) {
                prop_assert!(d.is_finite() && d >= 0.0 && d <= cap.max(base.min(cap)) + 1e-9);
            }
        }
    }
}

#[test]
fn listing_shows_every_model_with_formula_and_parameters() {
    let listing = listing();
    for m in MODELS {
        assert!(
            listing.contains(&format!(
                "{}\n  {}\n  formula: {}\n",
                m.name, m.summary, m.formula
            )),
            "{}",
            m.name
        );
        for p in m.params {
            assert!(
                listing.contains(&format!("  {:<18} {}", p.key, p.doc)),
                "{}.{}",
                m.name,
                p.key
            );
        }
    }
}
