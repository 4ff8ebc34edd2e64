//! `wire::from_code` reads an enum's code exactly as serde writes it, and agrees with the
//! enums' own `parse` where they have one.

use domain::catalog::UnitKind;
use domain::deadline::DueKind;
use domain::lifecycle::{ActionKind, Role, Status};
use domain::wire::from_code;
use domain::{Privacy, ReportType};

#[test]
fn from_code_reads_the_serde_names_of_the_contracts_enums() {
    assert_eq!(from_code::<DueKind>("follow_up"), Some(DueKind::FollowUp));
    assert_eq!(
        from_code::<DueKind>("verification"),
        Some(DueKind::Verification)
    );
    assert_eq!(from_code::<UnitKind>("bidang"), Some(UnitKind::Bidang));
    assert_eq!(from_code::<UnitKind>("external"), Some(UnitKind::External));
}

#[test]
fn from_code_refuses_a_code_the_contract_does_not_have() {
    assert_eq!(from_code::<DueKind>("FollowUp"), None);
    assert_eq!(from_code::<UnitKind>(""), None);
    assert_eq!(from_code::<Status>("closed"), None);
}

#[test]
fn from_code_agrees_with_each_enums_own_parse() {
    for s in Status::ALL {
        assert_eq!(from_code::<Status>(s.code()), Status::parse(s.code()));
    }
    for r in Role::ALL {
        assert_eq!(from_code::<Role>(r.code()), Role::parse(r.code()));
    }
    for p in Privacy::ALL {
        assert_eq!(from_code::<Privacy>(p.code()), Privacy::parse(p.code()));
    }
    for t in ReportType::ALL {
        assert_eq!(
            from_code::<ReportType>(t.code()),
            ReportType::parse(t.code())
        );
    }
    for k in UnitKind::ALL {
        assert_eq!(from_code::<UnitKind>(k.code()), Some(k));
    }
    for a in ActionKind::ALL {
        assert_eq!(
            from_code::<ActionKind>(a.code()),
            ActionKind::parse(a.code())
        );
    }
}
