//! A seeded synthetic clickstream: shoppers' sessions of product views, add-to-cart and
//! purchase events, with customer and product ids from the sample's tables. Popular products are
//! viewed more (a Zipf-like law over the order given), a session tends to stay within a product
//! line, many sessions run at once, and the rate has bursts. Event times come from a virtual
//! clock (exponential gaps at the current rate), so the same seed gives the same stream.

use super::SampleRng;

/// What a shopper did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    View,
    AddToCart,
    Purchase,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Self::View => "view",
            Self::AddToCart => "add_to_cart",
            Self::Purchase => "purchase",
        }
    }
}

/// One event of the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct ClickEvent {
    /// When it happened, in microseconds from the stream's start.
    pub time_micros: i64,
    pub session: u64,
    pub customer: String,
    pub product: String,
    pub action: Action,
}

/// A product to show, with the line it belongs to (sessions tend to stay in one).
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub code: String,
    pub line: String,
}

/// How the stream behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct ClickstreamSettings {
    pub seed: u64,
    /// Events a second outside bursts.
    pub events_per_second: f64,
    /// Every this many seconds a burst starts…
    pub burst_every_seconds: f64,
    /// …lasts this long…
    pub burst_seconds: f64,
    /// …at this many times the rate.
    pub burst_factor: f64,
    /// Sessions going on at once.
    pub concurrent_sessions: usize,
}

impl Default for ClickstreamSettings {
    fn default() -> Self {
        Self {
            seed: 7,
            events_per_second: 1_000.0,
            burst_every_seconds: 60.0,
            burst_seconds: 5.0,
            burst_factor: 5.0,
            concurrent_sessions: 50,
        }
    }
}

/// A session under way: who, what they saw, what is in the cart, what comes next.
struct Session {
    id: u64,
    customer: usize,
    line: usize,
    views_left: u32,
    viewed: Vec<usize>,
    cart: Vec<usize>,
    /// Purchases still to emit at the end, one per cart item.
    checking_out: bool,
}

/// The clickstream: an endless iterator of events in time order.
pub struct Clickstream {
    rng: SampleRng,
    settings: ClickstreamSettings,
    customers: Vec<String>,
    products: Vec<Product>,
    /// Products' cumulative popularity weights, for drawing.
    cumulative: Vec<f64>,
    lines: Vec<Vec<usize>>,
    line_of: Vec<usize>,
    sessions: Vec<Session>,
    next_session: u64,
    clock_micros: f64,
}

impl Clickstream {
    /// A stream over `customers` and `products` (most popular first). `None` when either list
    /// is empty: there is nothing to click.
    pub fn new(
        customers: Vec<String>,
        products: Vec<Product>,
        settings: ClickstreamSettings,
    ) -> Option<Self> {
        if customers.is_empty() || products.is_empty() {
            return None;
        }
        let mut line_names: Vec<String> = Vec::new();
        let line_of: Vec<usize> = products
            .iter()
            .map(|p| match line_names.iter().position(|l| *l == p.line) {
                Some(index) => index,
                None => {
                    line_names.push(p.line.clone());
                    line_names.len() - 1
                }
            })
            .collect();
        let mut lines = vec![Vec::new(); line_names.len()];
        for (product, line) in line_of.iter().enumerate() {
            if let Some(members) = lines.get_mut(*line) {
                members.push(product);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..products.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 1.0);
                total
            })
            .collect();
        let mut stream = Self {
            rng: SampleRng::new(settings.seed),
            settings,
            customers,
            products,
            cumulative,
            lines,
            line_of,
            sessions: Vec::new(),
            next_session: 1,
            clock_micros: 0.0,
        };
        for _ in 0..stream.settings.concurrent_sessions.max(1) {
            let session = stream.new_session();
            stream.sessions.push(session);
        }
        Some(stream)
    }

    /// A product drawn by popularity.
    fn popular_product(&mut self) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let target = self.rng.unit() * total;
        self.cumulative
            .partition_point(|c| *c <= target)
            .min(self.products.len() - 1)
    }

    fn new_session(&mut self) -> Session {
        let first = self.popular_product();
        let id = self.next_session;
        self.next_session += 1;
        Session {
            id,
            customer: (self.rng.next_u64() % self.customers.len() as u64) as usize,
            line: self.line_of.get(first).copied().unwrap_or(0),
            views_left: self.rng.range(1, 8) as u32,
            viewed: Vec::new(),
            cart: Vec::new(),
            checking_out: false,
        }
    }

    /// The rate at the current time: bursts multiply it.
    fn rate(&self) -> f64 {
        let seconds = self.clock_micros / 1e6;
        let every = self.settings.burst_every_seconds;
        let in_burst = every > 0.0 && seconds.rem_euclid(every) < self.settings.burst_seconds;
        let rate = self.settings.events_per_second.max(1e-6);
        if in_burst {
            rate * self.settings.burst_factor.max(1.0)
        } else {
            rate
        }
    }

    /// The next product a session views: mostly from its line, sometimes anything popular.
    fn next_view(&mut self, line: usize) -> usize {
        let stay = self.rng.chance(0.7);
        match self.lines.get(line) {
            Some(members) if stay && !members.is_empty() => {
                let pick = (self.rng.next_u64() % members.len() as u64) as usize;
                members.get(pick).copied().unwrap_or(0)
            }
            _ => self.popular_product(),
        }
    }
}

impl Iterator for Clickstream {
    type Item = ClickEvent;

    fn next(&mut self) -> Option<ClickEvent> {
        loop {
            let (product, action, session_id, customer) = self.advance_a_session();
            if let Some(product) = product {
                let gap_seconds = -(1.0 - self.rng.unit()).ln() / self.rate();
                self.clock_micros += gap_seconds * 1e6;
                return Some(ClickEvent {
                    time_micros: self.clock_micros as i64,
                    session: session_id,
                    customer: self.customers.get(customer).cloned().unwrap_or_default(),
                    product: self
                        .products
                        .get(product)
                        .map(|p| p.code.clone())
                        .unwrap_or_default(),
                    action,
                });
            }
            // A session ended without an event: another one makes the next.
        }
    }
}

impl Clickstream {
    /// One step of a session drawn at random: the product it touched (none when it ended
    /// quietly) and how; a finished session is replaced by a new one.
    fn advance_a_session(&mut self) -> (Option<usize>, Action, u64, usize) {
        let slot = (self.rng.next_u64() % self.sessions.len() as u64) as usize;
        let mut session = self.sessions.swap_remove(slot);
        let (product, action) = if session.checking_out {
            (session.cart.pop(), Action::Purchase)
        } else if session.views_left > 0 {
            session.views_left -= 1;
            let viewed = self.next_view(session.line);
            session.viewed.push(viewed);
            (Some(viewed), Action::View)
        } else {
            // After the views: some go into the cart, then maybe a purchase of it all.
            let candidate = session
                .viewed
                .iter()
                .copied()
                .find(|p| !session.cart.contains(p));
            match candidate {
                Some(product) if self.rng.chance(0.35) => {
                    session.cart.push(product);
                    (Some(product), Action::AddToCart)
                }
                _ if !session.cart.is_empty() && self.rng.chance(0.5) => {
                    session.checking_out = true;
                    (session.cart.pop(), Action::Purchase)
                }
                _ => (None, Action::View),
            }
        };
        let (id, customer) = (session.id, session.customer);
        let finished = product.is_none() || (session.checking_out && session.cart.is_empty());
        if finished {
            let fresh = self.new_session();
            self.sessions.push(fresh);
        } else {
            self.sessions.push(session);
        }
        (product, action, id, customer)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    fn stream(seed: u64) -> Clickstream {
        let customers = (100..140).map(|c| c.to_string()).collect();
        let products = (0..30)
            .map(|p| Product {
                code: format!("S{p:02}"),
                line: format!("line{}", p % 3),
            })
            .collect();
        Clickstream::new(
            customers,
            products,
            ClickstreamSettings {
                seed,
                ..ClickstreamSettings::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn sessions_view_then_add_then_buy_at_the_set_rate_with_bursts() {
        let events: Vec<ClickEvent> = stream(7).take(200_000).collect();
        assert_eq!(
            events,
            stream(7).take(200_000).collect::<Vec<_>>(),
            "seeded"
        );
        assert!(
            events
                .windows(2)
                .all(|w| w[0].time_micros <= w[1].time_micros)
        );
        // Per session: a product is added only after it was viewed, bought only after it was added.
        let mut viewed: HashMap<u64, HashSet<&str>> = HashMap::new();
        let mut carted: HashMap<u64, HashSet<&str>> = HashMap::new();
        let mut counts: HashMap<Action, usize> = HashMap::new();
        for event in &events {
            *counts.entry(event.action).or_default() += 1;
            let product = event.product.as_str();
            match event.action {
                Action::View => {
                    viewed.entry(event.session).or_default().insert(product);
                }
                Action::AddToCart => {
                    assert!(viewed[&event.session].contains(product));
                    carted.entry(event.session).or_default().insert(product);
                }
                Action::Purchase => assert!(carted[&event.session].contains(product)),
            }
        }
        assert!(counts[&Action::View] > counts[&Action::AddToCart]);
        assert!(counts[&Action::AddToCart] >= counts[&Action::Purchase]);
        assert!(counts[&Action::Purchase] > 0);
        // 1,000 events a second, five times that for 5 s of every 60 s: 1,333 a second on average.
        let seconds = events.last().unwrap().time_micros as f64 / 1e6;
        let rate = events.len() as f64 / seconds;
        assert!((1_200.0..1_450.0).contains(&rate), "{rate} events/s");
        let in_burst = events
            .iter()
            .filter(|e| (e.time_micros as f64 / 1e6).rem_euclid(60.0) < 5.0)
            .count() as f64;
        assert!(
            in_burst / events.len() as f64 > 0.25,
            "bursts carry 5/16 of the events"
        );
        // Popular products are viewed more.
        let first = events.iter().filter(|e| e.product == "S00").count();
        let last = events.iter().filter(|e| e.product == "S29").count();
        assert!(first > last, "{first} vs {last}");
        assert_ne!(stream(8).take(100).collect::<Vec<_>>(), events[..100]);
        assert!(Clickstream::new(Vec::new(), Vec::new(), ClickstreamSettings::default()).is_none());
    }
}
