//! The rules every panel must meet — its seats filled by distinct people, every quota, at most
//! one person per household — checked in one place for the drawn panel, the solvers' panels
//! and the verifier's reading of a record.

/// What a panel holds, counted against the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Places taken (a person drawn twice counts twice).
    pub places: usize,
    /// Distinct people.
    pub distinct: usize,
    /// Seats per feature value, in the order of the quotas.
    pub per_value: Vec<u32>,
    /// Households with more than one member on the panel.
    pub shared_households: usize,
}

impl Tally {
    /// An empty tally over `values` feature values.
    pub fn new(values: usize) -> Tally {
        Tally {
            places: 0,
            distinct: 0,
            per_value: vec![0; values],
            shared_households: 0,
        }
    }

    /// Counts `n` people with the feature values `values`.
    pub fn add(&mut self, values: &[usize], n: u32) {
        self.places += n as usize;
        self.distinct += n as usize;
        for &v in values {
            self.per_value[v] += n;
        }
    }
}

/// The rules: the seats to fill and, per feature value, its seat range.
pub struct Rules<'a> {
    /// Seats to fill.
    pub seats: usize,
    /// (min, max) seats per feature value.
    pub bounds: &'a [(u32, u32)],
    /// A feature value's name for messages, e.g. `gender 'female'`.
    pub name: &'a dyn Fn(usize) -> String,
}

impl Rules<'_> {
    /// A sentence per broken rule; empty when the panel meets them all.
    pub fn broken(&self, t: &Tally) -> Vec<String> {
        let mut out = Vec::new();
        if t.distinct != t.places {
            out.push(format!(
                "{} place(s) go to someone already on the panel",
                t.places - t.distinct
            ));
        }
        if t.distinct != self.seats {
            out.push(format!("{} people for {} seats", t.distinct, self.seats));
        }
        for (v, &(lo, hi)) in self.bounds.iter().enumerate() {
            let n = t.per_value[v];
            if n < lo || n > hi {
                out.push(format!("{} has {n}, outside {lo}..={hi}", (self.name)(v)));
            }
        }
        if t.shared_households > 0 {
            out.push(format!(
                "{} household(s) with more than one person on the panel",
                t.shared_households
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule, broken on its own, is reported on its own; a panel meeting them all passes.
    #[test]
    fn each_broken_rule_is_named() {
        let name = |v: usize| ["gender 'f'", "gender 'm'"][v].to_string();
        let rules = Rules {
            seats: 2,
            bounds: &[(1, 1), (1, 1)],
            name: &name,
        };
        let mut ok = Tally::new(2);
        ok.add(&[0], 1);
        ok.add(&[1], 1);
        assert_eq!(rules.broken(&ok), Vec::<String>::new());
        let mut twice = ok.clone();
        twice.places += 1;
        assert_eq!(rules.broken(&twice).len(), 1);
        let mut short = Tally::new(2);
        short.add(&[0], 1);
        assert_eq!(
            rules.broken(&short),
            ["1 people for 2 seats", "gender 'm' has 0, outside 1..=1"]
        );
        let mut home = ok.clone();
        home.shared_households = 1;
        assert_eq!(
            rules.broken(&home),
            ["1 household(s) with more than one person on the panel"]
        );
    }
}
