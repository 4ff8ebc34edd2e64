use super::*;

fn mv<'a>(kind: ActionKind, from: &'a str, to: &'a str) -> Move<'a> {
    Move {
        kind,
        from_unit: Some(from),
        to_unit: Some(to),
    }
}

#[test]
fn a_reroute_to_another_opd_is_a_misroute_and_a_pass_down_to_a_bidang_is_not() {
    let k = catalog::coordinator().code;
    let down = [
        mv(ActionKind::Route, k, "dishub"),
        mv(ActionKind::Reroute, "dishub", "dishub-udara"),
    ];
    assert_eq!(outcome("dishub-udara", &down), Outcome::Fine);
    let across = [
        mv(ActionKind::Route, k, "dpupr-bm"),
        mv(ActionKind::Reroute, "dpupr-bm", "dishub-darat"),
    ];
    assert_eq!(
        outcome("dpupr-bm", &across),
        Outcome::Misrouted {
            kind: ActionKind::Reroute,
            wrong: "dpupr-bm".into(),
            right: "dishub-darat".into()
        }
    );
}

#[test]
fn a_return_is_an_example_only_once_the_coordinator_placed_it_again() {
    let k = catalog::coordinator().code;
    let mut moves = vec![
        mv(ActionKind::Route, k, "dinkes"),
        mv(ActionKind::Return, "dinkes", k),
    ];
    assert_eq!(outcome("dinkes", &moves), Outcome::Pending);
    moves.push(mv(ActionKind::Route, k, "dlh-sampah"));
    assert_eq!(
        outcome("dinkes", &moves),
        Outcome::Misrouted {
            kind: ActionKind::Return,
            wrong: "dinkes".into(),
            right: "dlh-sampah".into()
        }
    );
    // returned and sent back to the same unit: it was not misrouted after all
    let back = [
        mv(ActionKind::Route, k, "dinkes"),
        mv(ActionKind::Return, "dinkes", k),
        mv(ActionKind::Route, k, "dinkes"),
    ];
    assert_eq!(outcome("dinkes", &back), Outcome::Fine);
}

#[test]
fn not_our_authority_is_a_misroute_only_when_the_route_was_the_regencys() {
    let k = catalog::coordinator().code;
    assert_eq!(
        outcome("ext-pln", &[mv(ActionKind::NotAuthority, k, "ext-pln")]),
        Outcome::Fine
    );
    assert_eq!(
        outcome("dpupr-bm", &[mv(ActionKind::NotAuthority, k, "ext-pln")]),
        Outcome::Misrouted {
            kind: ActionKind::NotAuthority,
            wrong: "dpupr-bm".into(),
            right: "ext-pln".into()
        }
    );
}

fn example(title: &str, category: &str, right: &str) -> Example {
    Example {
        title: title.into(),
        body: format!("{title} sudah seminggu, mohon ditangani."),
        category: category.into(),
        answers: Vec::new(),
        location: None,
        kind: ActionKind::Return,
        wrong: "dpupr-bm".into(),
        right: right.into(),
        quotable: true,
    }
}

#[test]
fn learning_proposes_checked_examples_and_measures_both_models() {
    let examples: Vec<Example> = (0..12)
        .map(|i| {
            example(
                &format!("tiang listrik miring dekat rumah warga nomor {i}"),
                "jalan-rusak",
                "ext-pln",
            )
        })
        .collect();
    let catalog = include_str!("../../catalog/catalog.toml");
    fn refuse_all(_: &str) -> Result<(), Vec<String>> {
        Err(vec!["no".into()])
    }
    fn accept_all(_: &str) -> Result<(), Vec<String>> {
        Ok(())
    }
    let input = |check: &'static dyn Fn(&str) -> Result<(), Vec<String>>| Input {
        examples: &examples,
        pending: 1,
        current_model: crate::suggest::MODEL,
        catalog_toml: catalog,
        check,
        extra: &[],
        measure: &[],
        today: Date::from_unix_wib(1_796_000_000),
    };
    let refused = learn(&input(&refuse_all));
    assert_eq!(refused.diff, "", "a refused change is never proposed");
    let l = learn(&input(&accept_all));
    assert!(l.model.starts_with("# Lapor Natuna suggestion model"));
    let held = examples.iter().filter(|e| e.held_back()).count();
    assert_eq!((l.before.n, l.after.n), (held, held));
    assert!(
        l.report
            .contains("Jalan rusak atau berlubang (`jalan-rusak`)"),
        "{}",
        l.report
    );
    assert!(l.report.contains("PT PLN"), "{}", l.report);
    if !l.diff.is_empty() {
        assert!(l.diff.starts_with(
            "--- a/domain/catalog/catalog.toml\n+++ b/domain/catalog/catalog.toml\n@@ "
        ));
    }
}
