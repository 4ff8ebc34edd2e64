//! "Ceritakan masalah Anda": what a citizen sees while typing. Phrases as people write them
//! reach the right category and unit; place names, greetings and empty text suggest nothing.

use domain::catalog::CATEGORIES;
use domain::routing::{route, RouteRequest};
use domain::suggest::{suggest, suggest_at, Suggestion};

fn top(text: &str) -> Option<Suggestion> {
    suggest(text, 3).into_iter().next()
}

fn top_code(text: &str) -> &'static str {
    top(text).map(|s| s.category.code).unwrap_or("(nothing)")
}

#[test]
fn informal_phrases_reach_the_right_category() {
    let cases = [
        ("jln rusak parahhh dkt sd", "jalan-rusak"),
        ("puskes tutup trs", "puskesmas"),
        ("pju mati", "pju"),
        ("lampu jalan mati sdh seminggu", "pju"),
        ("ktp el blm jadi", "ktp"),
        ("ktp-el blm jd2 udh 3 bln", "ktp"),
        ("listrik padam", "listrik"),
        ("pesawat delay di bandara ranai", "penerbangan"),
        ("sma negeri pungutan", "sekolah"),
        ("sampah numpuk gak diangkut", "sampah"),
        ("air pdam tdk ngalir", "air-bersih"),
        ("parit tersumbat kalau hujan banjir", "drainase-banjir"),
        ("jembatan kayu di kampung patah", "jembatan"),
        ("kapal pelni jadwalnya berubah trs", "pelabuhan-kapal"),
        ("speedboat ke sedanau gak ada", "pelabuhan-kapal"),
        ("sinyal hilang di desa", "sinyal-internet"),
        ("nelayan blm dapat bantuan jaring", "perikanan"),
        ("bpjs sy nonaktif", "bpjs-kesehatan"),
        ("stok obat habis", "obat"),
        ("bansos pkh gak cair", "bansos"),
        ("akta kelahiran anak blm jadi", "akta"),
        ("mau pecah kk", "kartu-keluarga"),
        ("anak sy dibully temennya di sekolah", "perundungan-sekolah"),
        ("rumah warga terbakar damkar telat", "kebakaran"),
        ("gaji honorer blm dibayar", "kepegawaian"),
        ("sppt pbb tdk sampai", "pajak-daerah"),
        ("pungli di kantor dinas", "perilaku-asn"),
        ("balap liar knalpot brong tiap malam", "gangguan-ketertiban"),
    ];
    let mut wrong = Vec::new();
    for (text, want) in cases {
        let got = top_code(text);
        if got != want {
            wrong.push(format!("{text:?}: wanted {want}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn suggestions_come_with_their_route() {
    let s = top("listrik padam dari kemarin").unwrap();
    assert_eq!(s.category.code, "listrik");
    assert!(s.route.is_external(), "electricity goes to PLN");
    assert_eq!(s.route.unit.code, "ext-pln");

    let s = top("puskes tutup trs").unwrap();
    assert_eq!(s.route.unit.opd().code, "dinkes");

    // both fit, and both go to the same bidang of Dinas Kesehatan
    let s = suggest("obat di puskesmas kosong", 3);
    assert!(
        codes(&s).contains(&"obat") && codes(&s).contains(&"puskesmas"),
        "{:?}",
        codes(&s)
    );
    assert_eq!(s[0].route.unit.code, s[1].route.unit.code);

    let s = top("pesawat delay di bandara ranai").unwrap();
    assert_eq!(s.route.unit.opd().code, "dishub");
}

#[test]
fn a_senior_high_school_is_suggested_as_a_school_and_sent_to_the_province() {
    let s = top("sma negeri pungutan uang komite").unwrap();
    assert_eq!(s.category.code, "sekolah");
    // the text already answers "Sekolah jenjang apa?", so the suggestion shows the province
    assert_eq!(s.answers, [("jenjang", "sma-smk-slb")]);
    assert_eq!(s.route.unit.code, "ext-disdik-kepri");
    // without that answer the school would be the regency's
    let r = route(&RouteRequest {
        category: s.category.code,
        answers: Vec::new(),
        location: None,
    });
    assert_eq!(r.unit.opd().code, "disdikbud");
}

#[test]
fn a_location_routes_the_suggestion_to_the_local_office() {
    // Sepempang lies in Bunguran Timur: its puskesmas is Puskesmas Ranai
    let s = suggest_at("puskes tutup trs", Some("21.03.07.2004"), 3);
    assert_eq!(s[0].category.code, "puskesmas");
    assert_eq!(s[0].route.unit.code, "pkm-bunguran-timur");
}

#[test]
fn place_names_alone_suggest_nothing() {
    for text in [
        "ranai",
        "sedanau",
        "Midai",
        "serasan",
        "bunguran timur",
        "selat lampa",
        "penagi",
        "di ranai kota",
        "sepempang",
    ] {
        let s = suggest(text, 3);
        assert!(s.is_empty(), "{text:?} suggested {:?}", codes(&s));
    }
}

#[test]
fn a_place_name_does_not_change_the_topic() {
    assert_eq!(top_code("jalan rusak di sedanau"), "jalan-rusak");
    assert_eq!(top_code("jalan rusak di midai"), "jalan-rusak");
    assert_eq!(
        top_code("sampah di pantai penagi"),
        top_code("sampah di pantai")
    );
}

#[test]
fn empty_and_content_free_text_suggest_nothing() {
    for text in [
        "",
        "   ",
        "...",
        "12345",
        "selamat pagi pak",
        "tolong dong",
        "yg",
        "?",
    ] {
        let s = suggest(text, 3);
        assert!(s.is_empty(), "{text:?} suggested {:?}", codes(&s));
    }
}

#[test]
fn typos_missing_spaces_and_repeated_letters_are_forgiven() {
    assert_eq!(top_code("jalanrusak"), "jalan-rusak");
    assert_eq!(top_code("sampha menumpuk"), "sampah");
    assert_eq!(top_code("listrk padam"), "listrik");
    assert_eq!(top_code("lampuuu jalan matiii"), "pju");
    assert_eq!(top_code("JALAN BERLUBANG!!!"), "jalan-rusak");
}

#[test]
fn affixes_do_not_hide_the_topic() {
    // perbaikan / diperbaiki / berlubang / pengaspalan: the root is what counts
    assert_eq!(top_code("mohon pengaspalan jalan kampung"), "jalan-rusak");
    assert_eq!(top_code("sampahnya berserakan"), "sampah");
    assert_eq!(top_code("pemadaman listrik bergilir"), "listrik");
}

#[test]
fn results_are_at_most_n_sorted_and_scores_are_probabilities() {
    for text in [
        "jalan rusak",
        "lampu mati dan sampah numpuk",
        "bantuan untuk nelayan dan petani",
    ] {
        for n in 0..5 {
            let s = suggest(text, n);
            assert!(s.len() <= n);
            assert!(
                s.windows(2).all(|w| w[0].score >= w[1].score),
                "{text:?} not sorted"
            );
            let total: f32 = s.iter().map(|x| x.score).sum();
            assert!(s.iter().all(|x| x.score > 0.0 && x.score <= 1.0));
            assert!(total <= 1.0001);
            let mut seen: Vec<&str> = s.iter().map(|x| x.category.code).collect();
            seen.dedup();
            assert_eq!(seen.len(), s.len(), "a category suggested twice");
        }
    }
}

#[test]
fn a_mixed_complaint_offers_both_topics() {
    let s = suggest("lampu jalan mati dan sampah numpuk di pinggir jalan", 3);
    let c = codes(&s);
    assert!(c.contains(&"pju") && c.contains(&"sampah"), "{c:?}");
}

#[test]
fn suggestions_are_deterministic() {
    let a = codes(&suggest("jalan rusak dan lampu mati", 3));
    for _ in 0..5 {
        assert_eq!(codes(&suggest("jalan rusak dan lampu mati", 3)), a);
    }
    assert_eq!(
        suggest("jalan rusak", 3)[0].score,
        suggest("jalan rusak", 3)[0].score
    );
}

#[test]
fn every_category_can_be_found_from_its_own_examples() {
    // the catalog's examples are what the citizen is expected to write: each must at least put
    // its own category in the top three
    let mut misses = Vec::new();
    let mut total = 0;
    for c in CATEGORIES {
        for e in c.examples {
            total += 1;
            if !suggest(e, 3).iter().any(|s| s.category.code == c.code) {
                misses.push(format!("{}: {e:?}", c.code));
            }
        }
    }
    assert!(
        misses.len() * 20 <= total,
        "{} of {total} examples miss their category:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn long_pasted_text_is_still_quick_and_bounded() {
    let long = "jalan rusak parah ".repeat(2000);
    let t = std::time::Instant::now();
    let s = suggest(&long, 3);
    assert_eq!(s[0].category.code, "jalan-rusak");
    assert!(t.elapsed() < std::time::Duration::from_millis(200));
}

fn codes(s: &[Suggestion]) -> Vec<&'static str> {
    s.iter().map(|x| x.category.code).collect()
}
