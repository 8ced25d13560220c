//! Household rows only where they bind.
//!
//! A household is a row of the panel program (at most one of its members sits), and the
//! searches keep a dense inverse of the basis, rows × rows: with a thousand households that
//! inverse, not the quotas, is the work (a pool of 10,000 with 30 % in households spent 58 % of
//! its time inverting it and gave no answer in 200 s). Yet at the polytope's LEXIMIN point
//! almost no household is full: members' chances are a few in a hundred. So on pools with many
//! households the rows start out of the program, and a household without a row is a
//! *conflict* the panel searches keep by branching (a member who goes in puts their housemates
//! out; a panel that seats two members splits into one branch per member), so every panel
//! still meets it. A row comes in when the point fills its household; then the stages run
//! again, since the point may lie outside the real polytope. Leaving out rows that the point
//! does not reach leaves its LEXIMIN unchanged (it is in the smaller polytope and optimal in
//! the larger). Should a panel still seat two housemates, the walk brings their row in and
//! searches again. (Bringing rows in for the walk's panels was the first version: the program
//! grew by a row every other step on a pool of 10,000, each time losing the searches' warm
//! start.)

use crate::input::groups::{Composition, Groups};
use crate::input::instance::Instance;
use crate::solve::panel_search::{PanelProgram, SearchStyle, VariableBounds};

/// Pools with more households than this start with none of their rows; smaller ones keep
/// them all (their inverse is cheap, and every earlier version's panels stay as they were).
pub(crate) const LAZY_HOUSEHOLDS: usize = 64;

/// A household counts as filled by a point when its members' expected seats reach 1 less this.
const FILLED: f64 = 1e-6;

/// The panel program with the household rows that have come in so far.
pub(crate) struct HouseholdRows<'a> {
    inst: &'a Instance,
    /// The groups with every household.
    full: &'a Groups,
    /// Per household of `full`: whether its row is in the program.
    active: Vec<bool>,
    /// `full` with the active households only (what the program and the stages are built on).
    groups: Groups,
    program: PanelProgram,
    /// How the searches go (kept when the program is built again).
    style: SearchStyle,
}

impl<'a> HouseholdRows<'a> {
    /// The program of `inst` over `full`, without household rows when there are more than
    /// [`LAZY_HOUSEHOLDS`], else with all of them.
    pub(crate) fn new(inst: &'a Instance, full: &'a Groups) -> HouseholdRows<'a> {
        let lazy = full.households.len() > LAZY_HOUSEHOLDS;
        let active = vec![!lazy; full.households.len()];
        let groups = with_households(full, &active);
        let program = program_of(inst, full, &active, &groups);
        HouseholdRows {
            inst,
            full,
            active,
            groups,
            program,
            style: SearchStyle::default(),
        }
    }

    /// An existing program of `full` with every household row in it.
    pub(crate) fn complete(
        inst: &'a Instance,
        full: &'a Groups,
        program: PanelProgram,
    ) -> HouseholdRows<'a> {
        HouseholdRows {
            inst,
            full,
            active: vec![true; full.households.len()],
            groups: full.clone(),
            program,
            style: SearchStyle::default(),
        }
    }

    /// The program as it stands.
    pub(crate) fn program(&self) -> &PanelProgram {
        &self.program
    }

    /// The groups with the households whose rows are in the program.
    pub(crate) fn groups(&self) -> &Groups {
        &self.groups
    }

    /// Sets how the searches go, now and after every rebuild.
    pub(crate) fn set_style(&mut self, style: SearchStyle) {
        self.style = style;
        self.program.set_style(style);
    }

    /// How the searches go.
    pub(crate) fn style(&self) -> SearchStyle {
        self.style
    }

    /// Long steps, best first: the first walk revision's last attempt.
    pub(crate) fn set_long_steps_only(&mut self) {
        self.set_style(SearchStyle {
            long_steps: true,
            dive_first: false,
            nearest_up: false,
        });
    }

    /// The households out of the program that expected seats `counts` (per type) fill.
    pub(crate) fn filled_by(&self, counts: &[f64]) -> Vec<usize> {
        self.outside(|members| members.iter().map(|&t| counts[t]).sum::<f64>() >= 1.0 - FILLED)
    }

    /// The households out of the program with two or more members on `panel`.
    pub(crate) fn broken_by(&self, panel: &Composition) -> Vec<usize> {
        self.outside(|members| members.iter().map(|&t| panel[t]).sum::<u32>() >= 2)
    }

    fn outside(&self, hit: impl Fn(&[usize]) -> bool) -> Vec<usize> {
        (0..self.active.len())
            .filter(|&h| !self.active[h] && hit(&self.full.households[h]))
            .collect()
    }

    /// Brings the rows of `households` in and builds the program again.
    pub(crate) fn add(&mut self, households: &[usize]) {
        for &h in households {
            self.active[h] = true;
        }
        self.groups = with_households(self.full, &self.active);
        self.program = program_of(self.inst, self.full, &self.active, &self.groups);
        self.program.set_style(self.style);
    }

    /// The program's bounds with the types' bounds of `old` (bounds of an earlier program).
    pub(crate) fn rebase(&self, old: &VariableBounds) -> VariableBounds {
        let n = self.full.len();
        let mut bounds = self.program.bounds();
        bounds.lower[..n].copy_from_slice(&old.lower[..n]);
        bounds.upper[..n].copy_from_slice(&old.upper[..n]);
        bounds
    }
}

/// The panel program over `groups` (with the active households' rows), the other households
/// of `full` kept as conflicts that its searches branch on.
fn program_of(inst: &Instance, full: &Groups, active: &[bool], groups: &Groups) -> PanelProgram {
    let mut program = PanelProgram::new(inst, groups);
    let conflicts = full
        .households
        .iter()
        .zip(active)
        .filter(|(_, &a)| !a)
        .map(|(h, _)| h.clone())
        .collect();
    program.set_conflicts(conflicts);
    program
}

/// `full` with only the households marked `active`.
fn with_households(full: &Groups, active: &[bool]) -> Groups {
    Groups {
        groups: full.groups.clone(),
        of_candidate: full.of_candidate.clone(),
        households: full
            .households
            .iter()
            .zip(active)
            .filter(|(_, &a)| a)
            .map(|(h, _)| h.clone())
            .collect(),
    }
}
