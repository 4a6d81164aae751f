//! Latency figures.

use std::time::Duration;

use hdrhistogram::Histogram;

/// Latencies in microseconds.
pub struct Latencies(Histogram<u64>);

impl Default for Latencies {
    fn default() -> Self {
        Latencies(Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds"))
    }
}

impl Latencies {
    /// Records one latency.
    pub fn record(&mut self, latency: Duration) {
        let _ = self.0.record((latency.as_micros() as u64).max(1));
    }

    /// Adds another set.
    pub fn merge(&mut self, other: &Latencies) {
        let _ = self.0.add(&other.0);
    }

    /// `p50 … ms, p99 … ms, max … ms`.
    pub fn summary(&self) -> String {
        let ms = |q: f64| self.0.value_at_quantile(q) as f64 / 1000.0;
        format!(
            "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (n={})",
            ms(0.5),
            ms(0.99),
            self.0.max() as f64 / 1000.0,
            self.0.len()
        )
    }
}
