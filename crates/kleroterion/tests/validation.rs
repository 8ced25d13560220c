//! Every validation rule gives a message naming the file, row and column, and all problems
//! are reported together.
mod common;

use common::from_text;
use kleroterion::Error;

const FEATURES: &str =
    "feature,value,min,max\ngender,female,1,2\ngender,male,1,2\nage,young,1,2\nage,old,1,2\n";
const PEOPLE: &str = "id,gender,age\n1,female,young\n2,male,old\n3,female,old\n4,male,young\n";

fn problems(people: &str, features: &str, settings: Option<&str>, k: usize) -> Vec<String> {
    match from_text(people, features, settings, k) {
        Err(Error::Input(p)) => p.iter().map(|p| p.to_string()).collect(),
        Err(e) => panic!("expected input problems, got {e}"),
        Ok(_) => panic!("expected input problems, got none"),
    }
}

/// Quotas the simple sums show cannot be met load, and the feasibility check reports them as
/// infeasible (exit 3 in the binary, with the cheapest relaxation), naming each conflict.
fn infeasible(people: &str, features: &str, k: usize) -> Vec<String> {
    let inst = from_text(people, features, None, k).expect("loads");
    match kleroterion::select::ensure_feasible(&inst, kleroterion::Backend::Pure) {
        Err(Error::Infeasible(why)) => vec![why.reason.clone()],
        other => panic!("expected infeasible quotas, got {other:?}"),
    }
}

fn has(list: &[String], needle: &str) {
    assert!(
        list.iter().any(|p| p.contains(needle)),
        "no problem contains {needle:?}: {list:#?}"
    );
}

#[test]
fn a_valid_instance_loads() {
    let inst = from_text(PEOPLE, FEATURES, None, 2).unwrap();
    assert_eq!(inst.n_candidates(), 4);
    assert_eq!(inst.seats, 2);
}

#[test]
fn panel_size_zero_and_too_large() {
    has(
        &problems(PEOPLE, FEATURES, None, 0),
        "panel size: the panel size is 0",
    );
    let p = problems(
        PEOPLE,
        "feature,value,min,max\ngender,female,0,9\ngender,male,0,9\n",
        None,
        5,
    );
    has(
        &p,
        "the panel has 5 seats but only 4 volunteers can be selected",
    );
}

#[test]
fn feature_sums_that_cannot_fit_the_panel() {
    let f =
        "feature,value,min,max\ngender,female,2,2\ngender,male,2,2\nage,young,0,0\nage,old,0,1\n";
    let p = infeasible(PEOPLE, f, 3);
    has(&p, "features.csv, row 2, column 'min': the minimums of gender add up to 4, more than the 3 seats");
    has(&p, "features.csv, row 4, column 'max': the maximums of age add up to 1, fewer than the 3 seats");
}

#[test]
fn a_minimum_larger_than_its_volunteers() {
    let f = "feature,value,min,max\ngender,female,3,3\ngender,male,0,3\n";
    let p = infeasible(PEOPLE, f, 3);
    has(&p, "features.csv, row 2, column 'min': the minimum for gender 'female' is 3 but only 2 volunteers have that value");
}

#[test]
fn people_problems_are_located() {
    let people = "id,gender,age\n1,female,young\n1,male,old\n3,,old\n4,male,middle\n";
    let p = problems(people, FEATURES, None, 2);
    assert_eq!(p.len(), 3, "{p:#?}");
    has(
        &p,
        "people.csv, row 3, column 'id': the id '1' is used again (first in row 2)",
    );
    has(
        &p,
        "people.csv, row 4, column 'gender': the gender is empty",
    );
    has(
        &p,
        "people.csv, row 5, column 'age': 'middle' is not a value of age in the quota file",
    );
}

#[test]
fn missing_feature_column_and_custom_id_column() {
    let p = problems("id,gender\n1,female\n", FEATURES, None, 1);
    has(
        &p,
        "people.csv, row 1, column 'age': there is no column 'age'",
    );
    let p = problems(PEOPLE, FEATURES, Some("id_column = \"nr\""), 2);
    has(&p, "there is no column 'nr'");
    let people = PEOPLE.replace("id,", "nr,");
    assert!(from_text(&people, FEATURES, Some("id_column = \"NR\""), 2).is_ok());
}

#[test]
fn values_match_ignoring_case_and_spaces() {
    let people = "ID , Gender,AGE\n1, FEMALE ,Young\n2,Male,old\n";
    let inst = from_text(people, FEATURES, None, 2).unwrap();
    assert_eq!(inst.n_candidates(), 2);
}

#[test]
fn problems_of_both_files_are_reported_together() {
    let p = problems(
        "id,gender,age\n,female,young\n",
        "feature,value,min,max\ngender,female,1,x\n",
        None,
        1,
    );
    // Quota problems stop the people file from being read against them.
    has(
        &p,
        "column 'max': gender/female: the max is not a whole number",
    );
    let p = problems(
        "id,gender,age\n,female,young\n",
        FEATURES,
        Some("bogus = 1"),
        1,
    );
    has(&p, "settings.toml, row 1: there is no setting 'bogus'");
    // The settings say which column is the id and which make the address: people.csv is not
    // read against defaults, which would only add misleading problems.
    assert!(!p.iter().any(|t| t.contains("the id is empty")), "{p:#?}");
}
