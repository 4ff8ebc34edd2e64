//! What the citizen's words already answer: a suggestion carries the answers its text gives to
//! the category's questions and the unit they route to; the citizen can still change them.

use domain::catalog;
use domain::routing::{route, RouteRequest};
use domain::suggest::{answers_in, place_in, suggest, Suggestion};

fn top(text: &str) -> Suggestion {
    suggest(text, 3)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no suggestion for {text:?}"))
}

fn category(code: &str) -> &'static catalog::Category {
    catalog::category(code).unwrap()
}

fn unanswered(code: &str) -> &'static str {
    route(&RouteRequest {
        category: code,
        answers: Vec::new(),
        location: None,
    })
    .unit
    .code
}

#[test]
fn guru_sma_jarang_masuk_goes_to_the_provinces_education_office() {
    let s = top("Guru SMA jarang masuk");
    assert_eq!(s.category.code, "guru");
    assert_eq!(s.answers, [("jenjang", "sma-smk-slb")]);
    assert_eq!(s.route.unit.code, "ext-disdik-kepri");
    assert!(s.route.is_external());
    // what it showed before the text was read for answers
    assert_ne!(unanswered("guru"), s.route.unit.code);
}

#[test]
fn school_levels_written_the_way_people_write_them_are_read() {
    let guru = category("guru");
    for text in [
        "guru sman 1 bunguran barat",
        "guru SMA N 1 Ranai",
        "gr di sman1 sering absen",
    ] {
        assert_eq!(
            answers_in(text, guru),
            [("jenjang", "sma-smk-slb")],
            "{text}"
        );
    }
    assert_eq!(
        answers_in("guru smpn 2 jarang masuk", guru),
        [("jenjang", "smp")]
    );
    assert_eq!(
        answers_in("ustadz di mts kami", guru),
        [("jenjang", "madrasah")]
    );
}

#[test]
fn a_national_road_in_ranai_goes_to_the_national_road_body() {
    let s = top("jalan nasional di ranai berlubang");
    assert_eq!(s.category.code, "jalan-rusak");
    assert_eq!(s.answers, [("status_jalan", "nasional")]);
    assert_eq!(s.route.unit.code, "ext-bpjn");
    let s = top("jln propinsi ke selat lampa rusak parah");
    assert_eq!(s.route.unit.code, "ext-pupr-kepri");
}

#[test]
fn a_long_wait_at_the_rsud_emergency_room_goes_to_its_medical_services() {
    let s = top("antri lama di igd rsud");
    assert_eq!(s.category.code, "rsud");
    assert_eq!(s.answers, [("rsud_bagian", "igd")]);
    assert_eq!(s.route.unit.code, "rsud-pelayanan");
}

#[test]
fn a_health_complaint_says_whether_it_is_the_rsud_or_a_puskesmas() {
    let obat = category("obat");
    assert_eq!(
        answers_in("obat kosong di rsud", obat),
        [("faskes", "rsud")]
    );
    assert_eq!(
        answers_in("obat di pustu habis", obat),
        [("faskes", "puskesmas")]
    );
}

#[test]
fn cues_of_two_options_of_one_question_leave_it_unanswered() {
    let guru = category("guru");
    assert!(answers_in("guru sd dan sma sama2 jarang masuk", guru).is_empty());
    let jalan = category("jalan-rusak");
    assert!(answers_in("ini jalan kabupaten atau jalan provinsi? rusak", jalan).is_empty());
    // and the suggestion then routes as if nothing had been answered
    let s = suggest("guru sd dan guru sma jarang masuk", 3)
        .into_iter()
        .find(|s| s.category.code == "guru")
        .unwrap();
    assert!(s.answers.is_empty());
    assert_eq!(s.route.unit.code, unanswered("guru"));
}

#[test]
fn the_longest_cue_wins_so_a_phrase_is_not_also_its_words() {
    // "cadangan beras" is the government's rice reserve, not the price of rice
    let pangan = category("harga-pangan");
    assert_eq!(
        answers_in("cadangan beras pemerintah tidak dibagikan", pangan),
        [("barang", "cadangan-pangan")]
    );
    assert_eq!(
        answers_in("harga beras naik terus", pangan),
        [("barang", "bahan-pokok")]
    );
}

#[test]
fn a_text_with_no_cue_changes_nothing() {
    for text in [
        "lampu jalan mati sdh seminggu",
        "sampah numpuk gak diangkut",
        "guru jarang masuk",
    ] {
        for s in suggest(text, 3) {
            assert!(s.answers.is_empty(), "{text}: {:?}", s.answers);
            assert_eq!(s.route.unit.code, unanswered(s.category.code), "{text}");
        }
    }
}

#[test]
fn cues_are_whole_words() {
    let guru = category("guru");
    // "smash", "sdh" (sudah) and "tka" hold the letters of a level, not the level
    assert!(answers_in("guru olahraga ajar smash voli, sdh lama", guru).is_empty());
}

#[test]
fn a_kecamatan_or_desa_named_in_the_text_is_a_hint() {
    let code = |t: &str| place_in(t).map(|r| r.code);
    assert_eq!(code("speedboat ke sedanau gak ada"), Some("21.03.05.1008"));
    assert_eq!(
        code("jalan di desa cemaga tengah rusak"),
        Some("21.03.18.2004")
    );
    // the kecamatan, typed with a typo
    assert_eq!(code("sinyal di serasn timur hilang"), Some("21.03.19"));
    assert_eq!(code("pulau laut blm ada sinyal"), Some("21.03.10"));
    // a desa and its own kecamatan: the desa
    assert_eq!(
        code("kantor desa sepempang bunguran timur tutup"),
        Some("21.03.07.2004")
    );
    // two places in different kecamatan, a word that is also a topic, or no place: no hint
    assert_eq!(code("dari midai ke subi tidak ada kapal"), None);
    assert_eq!(code("pangkalan gas tutup terus"), None);
    assert_eq!(code("lampu jalan mati"), None);
}

#[test]
fn a_suggestion_on_the_wire_carries_its_answers_and_older_bodies_still_read() {
    use domain::wire::SuggestionView;
    let s = top("Guru SMA jarang masuk");
    let v = SuggestionView::of(&s, domain::Lang::Id);
    assert_eq!(v.route.unit.code, "ext-disdik-kepri");
    assert_eq!(v.answers.len(), 1);
    assert_eq!(
        (v.answers[0].question.as_str(), v.answers[0].value.as_str()),
        ("jenjang", "sma-smk-slb")
    );
    // a body from a server that did not send answers yet
    let mut json = serde_json::to_value(&v).unwrap();
    json.as_object_mut().unwrap().remove("answers");
    let old: SuggestionView = serde_json::from_value(json).unwrap();
    assert!(old.answers.is_empty());
}
