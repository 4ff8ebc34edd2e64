//! The status machine: legal moves, who may make them, and the reporter's 10-working-day window.

use domain::date::Date;
use domain::lifecycle::{transition, Action, Context, Role, Status, TransitionError};
use domain::Lang;
use proptest::prelude::*;

/// Monday 2 November 2026, 09:00 WIB.
fn monday_9am() -> i64 {
    Date::from_ymd(2026, 11, 2).unwrap().end_unix_wib() - 15 * 3600
}
const DAY: i64 = 86_400;

fn ctx() -> Context {
    Context {
        now: monday_9am(),
        answered_at: None,
    }
}

fn go(from: Status, role: Role, action: Action) -> Result<Status, TransitionError> {
    transition(from, role, &action, ctx()).map(|t| t.to)
}

#[test]
fn the_happy_path_from_receipt_to_finish() {
    let s = go(Status::Diterima, Role::Koordinator, Action::Verify).unwrap();
    let s = go(
        s,
        Role::Koordinator,
        Action::Route {
            to: "dishub-udara".into(),
        },
    )
    .unwrap();
    assert_eq!(s, Status::Didisposisikan);
    let s = go(
        s,
        Role::PetugasUnit,
        Action::Answer {
            text: "Bidang Perhubungan Udara sudah mengumumkan jadwal penerbangan pada 2 Desember 2026.".into(),
            override_reason: None,
        },
    )
    .unwrap();
    assert_eq!(s, Status::Ditindaklanjuti);
    assert_eq!(
        go(s, Role::Pelapor, Action::Accept).unwrap(),
        Status::Selesai
    );
}

#[test]
fn routing_names_the_unit_and_refuses_external_or_unknown_units() {
    let t = transition(
        Status::Terverifikasi,
        Role::Koordinator,
        &Action::Route {
            to: "dishub-udara".into(),
        },
        ctx(),
    )
    .unwrap();
    assert_eq!(t.unit.unwrap().get().code, "dishub-udara");
    for bad in ["ext-pln", "tidak-ada", "pemkab"] {
        assert_eq!(
            go(
                Status::Terverifikasi,
                Role::Koordinator,
                Action::Route { to: bad.into() }
            ),
            Err(TransitionError::UnknownUnit(bad.into()))
        );
    }
}

#[test]
fn not_our_authority_needs_an_external_body() {
    let t = transition(
        Status::Diterima,
        Role::Koordinator,
        &Action::NotAuthority {
            to: "ext-pln".into(),
            note: String::new(),
        },
        ctx(),
    )
    .unwrap();
    assert_eq!(
        (t.to, t.unit.unwrap().get().code),
        (Status::BukanWewenang, "ext-pln")
    );
    assert!(go(
        Status::Diterima,
        Role::Koordinator,
        Action::NotAuthority {
            to: "dinkes".into(),
            note: String::new()
        }
    )
    .is_err());
}

#[test]
fn only_the_coordinator_verifies_rejects_and_merges() {
    for role in [
        Role::PenghubungOpd,
        Role::PetugasUnit,
        Role::PetugasWilayah,
        Role::Pimpinan,
        Role::Pelapor,
        Role::Sistem,
    ] {
        for a in [
            Action::Verify,
            Action::Reject {
                reason: "spam".into(),
            },
            Action::Merge { into: "ABC".into() },
        ] {
            assert!(
                matches!(
                    go(Status::Diterima, role, a),
                    Err(TransitionError::Forbidden { .. })
                ),
                "{role:?}"
            );
        }
    }
}

#[test]
fn leadership_can_do_nothing() {
    for from in Status::ALL {
        for a in all_actions() {
            assert!(go(from, Role::Pimpinan, a).is_err());
        }
    }
}

#[test]
fn reasons_are_required_where_the_rules_say_so() {
    assert_eq!(
        go(
            Status::Diterima,
            Role::Koordinator,
            Action::Reject {
                reason: "  ".into()
            }
        ),
        Err(TransitionError::ReasonRequired)
    );
    assert_eq!(
        go(
            Status::Didisposisikan,
            Role::PenghubungOpd,
            Action::Reroute {
                to: "dishub-darat".into(),
                reason: "".into()
            }
        ),
        Err(TransitionError::ReasonRequired)
    );
    assert_eq!(
        go(
            Status::Didisposisikan,
            Role::PetugasUnit,
            Action::Answer {
                text: "".into(),
                override_reason: None
            }
        ),
        Err(TransitionError::ReasonRequired)
    );
}

#[test]
fn a_misrouted_report_goes_back_to_the_coordinator() {
    let t = transition(
        Status::Didisposisikan,
        Role::PetugasUnit,
        &Action::ReturnToCoordinator {
            reason: "Bukan bidang kami".into(),
        },
        ctx(),
    )
    .unwrap();
    assert_eq!(t.to, Status::Terverifikasi);
    assert_eq!(t.unit.unwrap().get().code, "diskominfo-pikp");
}

#[test]
fn the_reporter_may_reopen_within_10_working_days_and_not_after() {
    let answered = monday_9am(); // Mon 2 Nov 2026; +10 working days = Mon 16 Nov
    let reopen = Action::Reopen {
        reason: "Jalan belum diperbaiki".into(),
    };
    let at = |now| {
        transition(
            Status::Ditindaklanjuti,
            Role::Pelapor,
            &reopen,
            Context {
                now,
                answered_at: Some(answered),
            },
        )
        .map(|t| t.to)
    };
    assert_eq!(at(answered + 14 * DAY), Ok(Status::DibukaKembali)); // Mon 16 Nov, the last day
    assert_eq!(at(answered + 15 * DAY), Err(TransitionError::Window)); // Tue 17 Nov
    let finish = |now| {
        transition(
            Status::Ditindaklanjuti,
            Role::Sistem,
            &Action::AutoFinish,
            Context {
                now,
                answered_at: Some(answered),
            },
        )
        .map(|t| t.to)
    };
    assert_eq!(finish(answered + 14 * DAY), Err(TransitionError::Window));
    assert_eq!(finish(answered + 15 * DAY), Ok(Status::Selesai));
}

#[test]
fn a_reopened_report_returns_to_the_unit_and_can_be_answered_again() {
    let s = go(
        Status::DibukaKembali,
        Role::PetugasUnit,
        Action::Answer {
            text: "Sudah kami tambal.".into(),
            override_reason: Some("Pelapor sudah dihubungi langsung oleh kepala bidang.".into()),
        },
    )
    .unwrap();
    assert_eq!(s, Status::Ditindaklanjuti);
}

#[test]
fn status_codes_round_trip() {
    for s in Status::ALL {
        assert_eq!(Status::parse(s.code()), Some(s));
    }
    for r in Role::ALL {
        assert_eq!(Role::parse(r.code()), Some(r));
    }
}

fn all_actions() -> Vec<Action> {
    vec![
        Action::Verify,
        Action::Route {
            to: "dinkes-yankes".into(),
        },
        Action::Reroute {
            to: "dinkes-p2p".into(),
            reason: "bidang lain".into(),
        },
        Action::ReturnToCoordinator {
            reason: "salah kirim".into(),
        },
        Action::Answer {
            text: "Bidang Bina Marga menambal lubang pada Senin, 7 Desember 2026.".into(),
            override_reason: None,
        },
        Action::Accept,
        Action::Reopen {
            reason: "belum beres".into(),
        },
        Action::AutoFinish,
        Action::NotAuthority {
            to: "ext-pln".into(),
            note: String::new(),
        },
        Action::Merge { into: "ABC".into() },
        Action::Reject {
            reason: "spam".into(),
        },
    ]
}

proptest! {
    /// Any sequence of attempted moves keeps the report in a reachable state: terminal states are
    /// never left, and an answer always precedes a finish.
    #[test]
    fn random_walks_never_leave_a_terminal_state(steps in proptest::collection::vec((0usize..7, 0usize..11, 0i64..40), 0..40)) {
        let roles = Role::ALL;
        let actions = all_actions();
        let mut s = Status::Diterima;
        let mut answered_at = None;
        let mut now = monday_9am();
        let mut was_answered = false;
        for (r, a, days) in steps {
            now += days * DAY / 4;
            let before = s;
            if let Ok(t) = transition(s, roles[r], &actions[a], Context { now, answered_at }) {
                prop_assert!(!before.is_terminal(), "left terminal {:?}", before);
                if t.to == Status::Ditindaklanjuti { answered_at = Some(now); was_answered = true; }
                if t.to == Status::Selesai { prop_assert!(was_answered); }
                s = t.to;
            }
        }
    }
}

mod who_reads_what {
    use domain::catalog::{self, Unit};
    use domain::lifecycle::scope::{can_read, Seen};
    use domain::lifecycle::{Role, Status};
    use domain::Privacy;

    fn unit(code: &str) -> &'static Unit {
        catalog::unit(code).unwrap_or_else(|| panic!("unit {code}"))
    }
    fn desa_office() -> &'static Unit {
        catalog::region("21.03.07.2004").unwrap().office.get()
    }
    /// A report with the unit, privacy and routing that decide; the status is there to read
    /// like a real case (a routed report is never back at `Diterima`).
    fn report(
        unit: &'static Unit,
        _status: Status,
        privacy: Privacy,
        routed: bool,
    ) -> Seen<'static> {
        Seen {
            unit,
            privacy,
            routed,
        }
    }

    #[test]
    fn the_coordinator_reads_every_report_even_before_verification() {
        let koor = catalog::coordinator();
        for p in Privacy::ALL {
            assert!(can_read(
                Role::Koordinator,
                koor,
                report(unit("dishub-udara"), Status::Diterima, p, false)
            ));
            assert!(can_read(
                Role::Koordinator,
                koor,
                report(unit("dinkes"), Status::Selesai, p, true)
            ));
        }
    }

    #[test]
    fn a_unit_reads_its_reports_only_after_the_coordinator_routed_them() {
        let udara = unit("dishub-udara");
        for role in [Role::PetugasUnit, Role::PenghubungOpd] {
            let me = if role == Role::PenghubungOpd {
                unit("dishub")
            } else {
                udara
            };
            for p in Privacy::ALL {
                assert!(
                    !can_read(role, me, report(udara, Status::Diterima, p, false)),
                    "{role:?} {p:?} before verification"
                );
                assert!(
                    can_read(role, me, report(udara, Status::Didisposisikan, p, true)),
                    "{role:?} {p:?} routed"
                );
                // Rejected before it was ever routed: never the unit's.
                assert!(!can_read(
                    role,
                    me,
                    report(udara, Status::Ditolak, p, false)
                ));
            }
            // Another OPD's report: never.
            assert!(!can_read(
                role,
                me,
                report(
                    unit("dinkes"),
                    Status::Didisposisikan,
                    Privacy::Publik,
                    true
                )
            ));
        }
        // A bidang does not read its sibling bidang's reports.
        assert!(!can_read(
            Role::PetugasUnit,
            udara,
            report(
                unit("dishub-darat"),
                Status::Didisposisikan,
                Privacy::Publik,
                true
            )
        ));
    }

    #[test]
    fn a_desa_office_reads_only_its_own_desa() {
        let office = desa_office();
        assert!(can_read(
            Role::PetugasWilayah,
            office,
            report(office, Status::Didisposisikan, Privacy::Rahasia, true)
        ));
        let other = catalog::region("21.03.05.1008").unwrap().office.get();
        assert!(!can_read(
            Role::PetugasWilayah,
            office,
            report(other, Status::Didisposisikan, Privacy::Publik, true)
        ));
    }

    #[test]
    fn leadership_never_reads_a_confidential_report_and_reads_others_only_within_its_scope() {
        let top = unit("pemkab");
        let udara = unit("dishub-udara");
        assert!(can_read(
            Role::Pimpinan,
            top,
            report(udara, Status::Diterima, Privacy::Publik, false)
        ));
        assert!(can_read(
            Role::Pimpinan,
            top,
            report(udara, Status::Didisposisikan, Privacy::Anonim, true)
        ));
        assert!(!can_read(
            Role::Pimpinan,
            top,
            report(udara, Status::Didisposisikan, Privacy::Rahasia, true)
        ));
        // Leadership bound to one village: that village only.
        let village = desa_office();
        assert!(can_read(
            Role::Pimpinan,
            village,
            report(village, Status::Didisposisikan, Privacy::Publik, true)
        ));
        assert!(!can_read(
            Role::Pimpinan,
            village,
            report(udara, Status::Didisposisikan, Privacy::Publik, true)
        ));
        assert!(!can_read(
            Role::Pimpinan,
            village,
            report(village, Status::Didisposisikan, Privacy::Rahasia, true)
        ));
    }

    #[test]
    fn the_reporter_and_the_system_read_nothing_through_the_back_office() {
        for role in [Role::Pelapor, Role::Sistem] {
            assert!(!can_read(
                role,
                unit("pemkab"),
                report(unit("dinkes"), Status::Selesai, Privacy::Publik, true)
            ));
        }
    }
}

#[test]
fn a_normative_answer_needs_a_reason_to_be_sent() {
    let answer = |text: &str, reason: Option<&str>| {
        transition(
            Status::Didisposisikan,
            Role::PetugasUnit,
            &Action::Answer {
                text: text.into(),
                override_reason: reason.map(String::from),
            },
            Context {
                now: 0,
                answered_at: None,
            },
        )
    };
    let e = answer("Akan kami tindak lanjuti.", None).unwrap_err();
    assert!(matches!(e, TransitionError::Normative(c) if c.missing().len() == 3));
    assert!(
        e.message(Lang::Id).contains("tindakan, unit dan waktu"),
        "{}",
        e.message(Lang::Id)
    );
    assert!(answer("Akan kami tindak lanjuti.", Some("  ")).is_err());
    let sent = Action::Answer {
        text: "Akan kami tindak lanjuti.".into(),
        override_reason: Some("Pelapor meminta jawaban tertulis hari ini.".into()),
    };
    assert_eq!(
        answer(
            "Akan kami tindak lanjuti.",
            Some("Pelapor meminta jawaban tertulis hari ini.")
        )
        .unwrap()
        .to,
        Status::Ditindaklanjuti
    );
    let (_, note) = sent.normative_override().unwrap();
    assert!(
        note.contains("Pelapor meminta jawaban tertulis hari ini."),
        "{note}"
    );
    // a complete answer logs nothing, with or without a reason
    let full = Action::Answer {
        text: "Bidang Bina Marga menambal lubang pada Senin, 7 Desember 2026.".into(),
        override_reason: Some("tidak perlu".into()),
    };
    assert_eq!(full.normative_override(), None);
}
