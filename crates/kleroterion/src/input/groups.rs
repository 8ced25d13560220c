//! Interchangeable volunteers. Candidates with the same feature values who share no household
//! are symmetric in every quota and household constraint, so the fair algorithms solve over
//! these *groups* (how many of each type sit on a panel) instead of over single people: the
//! leximin vector is unique and therefore gives every member of a type the same probability.
//! A candidate in a household with others forms a type of their own.

use crate::input::instance::Instance;
use crate::input::quotas::ValueId;
use std::collections::HashMap;

/// One type: candidates that are interchangeable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Candidate indices (into [`Instance::candidates`]), ascending.
    pub members: Vec<usize>,
    /// The feature values every member has, one per feature.
    pub values: Vec<ValueId>,
}

/// The candidates of an instance grouped into groups, in order of first appearance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// The groups.
    pub groups: Vec<Group>,
    /// The type of each candidate.
    pub of_candidate: Vec<usize>,
    /// Households as groups of type indices (each such type has one member).
    pub households: Vec<Vec<usize>>,
}

/// How many members of each type sit on a panel (indexed like [`Groups::groups`]).
pub type Composition = Vec<u32>;

impl Groups {
    /// Groups the candidates of `inst`.
    pub fn of(inst: &Instance) -> Groups {
        let mut in_household = vec![false; inst.n_candidates()];
        for h in &inst.households {
            for &c in h {
                in_household[c] = true;
            }
        }
        let mut index: HashMap<&[ValueId], usize> = HashMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut of_candidate = Vec::with_capacity(inst.n_candidates());
        for (c, &shared) in in_household.iter().enumerate() {
            let alone = !shared;
            let values = inst.values_of(c);
            let t = match (alone, index.get(values)) {
                (true, Some(&t)) => t,
                _ => {
                    groups.push(Group {
                        members: Vec::new(),
                        values: values.to_vec(),
                    });
                    if alone {
                        index.insert(values, groups.len() - 1);
                    }
                    groups.len() - 1
                }
            };
            groups[t].members.push(c);
            of_candidate.push(t);
        }
        let households = inst
            .households
            .iter()
            .map(|h| h.iter().map(|&c| of_candidate[c]).collect())
            .collect();
        Groups {
            groups,
            of_candidate,
            households,
        }
    }

    /// The number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// True when there are no candidates.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The size of type `t`.
    pub fn size(&self, t: usize) -> u32 {
        self.groups[t].members.len() as u32
    }
}
