//! The answer templates of `catalog/templat.toml`: they render with their blanks, an answer
//! template filled in is a real answer (`answer::AnswerCheck`), left blank it is not, and each
//! first reply names a real category.

use domain::answer::AnswerCheck;
use domain::catalog;
use domain::lifecycle::ActionKind;
use domain::template::{first_reply, Template, FIRST_REPLIES, TEMPLATES};

/// What an officer would type into a blank, by what the blank asks.
fn typed(name: &str) -> String {
    let n = name.to_lowercase();
    if n.contains("tanggal") || n.contains("hari") {
        "Selasa, 8 Desember 2026".into()
    } else if n.contains("tahun") {
        "2027".into()
    } else if n.contains("jumlah") || n.contains("lama") {
        "3".into()
    } else if n.contains("jam") {
        "16.00".into()
    } else if n.contains("tindakan") || n.contains("pekerjaan") || n.contains("rencana") {
        "memperbaiki saluran yang tersumbat".into()
    } else if n.contains("instansi") {
        "PLN ULP Ranai".into()
    } else {
        format!("isi {n}")
    }
}

fn fill(name: &str) -> Option<String> {
    Some(match name {
        "unit" => "Bidang Bina Marga Dinas PUPR".into(),
        "kode" => "7K4-M2Q-XPA".into(),
        "lokasi" => "Ranai Kota".into(),
        other => typed(other),
    })
}

#[test]
fn templates_render_with_their_blanks() {
    let t = Template::by_code("jalan-ditambal").expect("jalan-ditambal in templat.toml");
    assert_eq!(
        t.blanks(),
        [
            "unit",
            "nama jalan",
            "lokasi",
            "tanggal",
            "rencana perbaikan permanen"
        ]
    );
    assert_eq!(
        t.typed_blanks(),
        ["nama jalan", "tanggal", "rencana perbaikan permanen"]
    );
    let text = t.render(&|b| match b {
        "unit" => Some("Bidang Bina Marga".into()),
        "nama jalan" => Some("Jl. Datuk Kaya Wan Mohammad Benteng".into()),
        "tanggal" => Some("  3 Desember 2026 ".into()),
        _ => None,
    });
    assert_eq!(
        text,
        "Bidang Bina Marga telah menambal lubang di Jl. Datuk Kaya Wan Mohammad Benteng, [lokasi], pada 3 Desember 2026. Perbaikan permanen [rencana perbaikan permanen]."
    );
}

#[test]
fn every_answer_template_filled_in_is_a_real_answer_and_blank_is_not() {
    let answers: Vec<&Template> = TEMPLATES
        .iter()
        .filter(|t| t.action == ActionKind::Answer)
        .collect();
    assert!(answers.len() >= 5);
    for t in answers {
        let full = t.render(&fill);
        let c = AnswerCheck::of(&full);
        assert!(
            c.is_complete(),
            "{}: {full:?} misses {:?}",
            t.code,
            c.missing()
        );
        let blank = t.render(&|b| (b == "unit").then(|| "Dinas PUPR".into()));
        assert!(!blank.contains('{'), "{blank}");
        assert!(
            !AnswerCheck::of(&blank).is_complete(),
            "{}: unfilled passes: {blank}",
            t.code
        );
    }
}

#[test]
fn a_category_gets_its_own_templates_first_then_the_general_ones() {
    let list = Template::for_move(ActionKind::Answer, "jalan-rusak");
    assert_eq!(list[0].code, "jalan-ditambal");
    assert!(list.iter().any(|t| t.categories.is_empty()));
    assert!(Template::for_move(ActionKind::Answer, "ktp")
        .iter()
        .all(|t| t.categories.is_empty()));
    assert!(Template::for_move(ActionKind::Reject, "ktp")
        .iter()
        .all(|t| t.action == ActionKind::Reject));
}

#[test]
fn first_replies_belong_to_real_categories() {
    assert!(!FIRST_REPLIES.is_empty());
    for (c, text) in FIRST_REPLIES {
        assert!(catalog::category(c).is_some(), "{c}");
        assert!(!text.contains('{'));
    }
    assert!(first_reply("jalan-rusak").unwrap().contains("5 hari kerja"));
    assert_eq!(first_reply("ktp"), None);
}
