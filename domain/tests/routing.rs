//! The routing table: who gets a report, for the cases the Bupati named and the ones citizens
//! hit every day.

use domain::catalog::{self, UnitKind, CATEGORIES};
use domain::routing::{route, RouteBasis, RouteRequest};

fn to(
    category: &str,
    answers: &[(&'static str, &'static str)],
    location: Option<&'static str>,
) -> &'static str {
    route(&RouteRequest {
        category: Box::leak(category.to_string().into_boxed_str()),
        answers: answers.to_vec(),
        location,
    })
    .unit
    .code
}

const SEPEMPANG: &str = "21.03.07.2004"; // desa in Bunguran Timur
const RANAI_KOTA: &str = "21.03.07.1011"; // kelurahan in Bunguran Timur
const SEDANAU: &str = "21.03.05.1008"; // kelurahan in Bunguran Barat

#[test]
fn routing_table() {
    let cases: &[(&str, &[(&str, &str)], Option<&str>, &str)] = &[
        // Health never goes to education, and reaches the right facility.
        ("puskesmas", &[], Some(SEPEMPANG), "pkm-bunguran-timur"),
        ("puskesmas", &[], None, "dinkes-yankes"),
        (
            "rsud",
            &[("rsud_bagian", "radiologi")],
            None,
            "rsud-penunjang",
        ),
        ("rsud", &[("rsud_bagian", "igd")], None, "rsud-pelayanan"),
        ("obat", &[("faskes", "rsud")], None, "rsud-penunjang"),
        (
            "bpjs-kesehatan",
            &[("bpjs_jenis", "pbi-ditanggung-pemerintah")],
            None,
            "dinsos-linjamsos",
        ),
        (
            "bpjs-kesehatan",
            &[("bpjs_jenis", "peserta-mandiri-klaim")],
            None,
            "ext-bpjs-kes",
        ),
        // Air and land transport are different bidang.
        ("penerbangan", &[], None, "dishub-udara"),
        ("penerbangan", &[("udara", "bandara")], None, "ext-bandara"),
        (
            "penerbangan",
            &[("udara", "perintis-subsidi")],
            None,
            "dishub-udara",
        ),
        ("transportasi-darat", &[], Some(RANAI_KOTA), "dishub-darat"),
        ("pelabuhan-kapal", &[("laut", "pelni")], None, "ext-pelni"),
        ("pelabuhan-kapal", &[], None, "dishub-laut"),
        // Schools by level: SMA/SMK are the province's.
        ("sekolah", &[("jenjang", "sd")], None, "disdikbud-sd"),
        ("sekolah", &[("jenjang", "smp")], None, "disdikbud-smp"),
        (
            "sekolah",
            &[("jenjang", "sma-smk-slb")],
            None,
            "ext-disdik-kepri",
        ),
        ("sekolah", &[("jenjang", "madrasah")], None, "ext-kemenag"),
        // Roads by status.
        (
            "jalan-rusak",
            &[("status_jalan", "kabupaten")],
            Some(SEPEMPANG),
            "dpupr-bm",
        ),
        (
            "jalan-rusak",
            &[("status_jalan", "provinsi")],
            None,
            "ext-pupr-kepri",
        ),
        (
            "jalan-rusak",
            &[("status_jalan", "nasional")],
            None,
            "ext-bpjn",
        ),
        (
            "jalan-rusak",
            &[("status_jalan", "desa")],
            Some(SEPEMPANG),
            "desa-21.03.07.2004",
        ),
        (
            "jalan-rusak",
            &[("status_jalan", "desa")],
            None,
            "dpmd-pemdes",
        ),
        ("jalan-rusak", &[], None, "dpupr-bm"),
        // Village matters go to the village, complaints about its officials above it.
        (
            "pemerintahan-desa",
            &[("desa_aduan", "layanan-kantor")],
            Some(SEDANAU),
            "kel-21.03.05.1008",
        ),
        (
            "pemerintahan-desa",
            &[("desa_aduan", "perilaku-aparat")],
            Some(SEPEMPANG),
            "kec-21.03.07",
        ),
        ("pelayanan-kecamatan", &[], Some(SEDANAU), "kec-21.03.05"),
        // Not the regency's authority.
        ("listrik", &[], None, "ext-pln"),
        ("kriminal", &[], None, "ext-polres"),
        // Everything else lands with the coordinator, never nowhere.
        ("lainnya", &[], None, "diskominfo-pikp"),
        ("kategori-yang-tidak-ada", &[], None, "diskominfo-pikp"),
    ];
    let mut failures = Vec::new();
    for (cat, answers, loc, want) in cases {
        let got = to(cat, answers, *loc);
        if got != *want {
            failures.push(format!(
                "{cat} {answers:?} at {loc:?}: expected {want}, got {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_health_category_ever_routes_to_the_education_office() {
    let disdik = catalog::unit("disdikbud").unwrap();
    for cat in CATEGORIES.iter().filter(|c| c.topic().code == "kesehatan") {
        for rule in cat.routes {
            let answers: Vec<_> = rule.when.iter().map(|(q, v)| (q.get().code, *v)).collect();
            for loc in [None, Some(SEPEMPANG), Some(SEDANAU)] {
                let r = route(&RouteRequest {
                    category: cat.code,
                    answers: answers.clone(),
                    location: loc,
                });
                assert!(
                    !r.unit.is_within(disdik),
                    "{} routes to {}",
                    cat.code,
                    r.unit.code
                );
            }
        }
    }
}

#[test]
fn a_puskesmas_complaint_goes_to_the_puskesmas_of_its_kecamatan_in_every_kecamatan() {
    for region in catalog::REGIONS.iter().filter(|r| r.parent.is_some()) {
        let r = route(&RouteRequest {
            category: "puskesmas",
            answers: vec![],
            location: Some(region.code),
        });
        assert_eq!(r.unit.kind, UnitKind::Upt, "{}", region.code);
        assert_eq!(
            r.unit.kecamatan,
            Some(region.kecamatan().id()),
            "{} → {}",
            region.code,
            r.unit.code
        );
        assert_eq!(r.basis, RouteBasis::Location);
    }
}

#[test]
fn every_route_of_every_category_gives_a_reason_and_external_routes_give_guidance() {
    for cat in CATEGORIES {
        for rule in cat.routes {
            let answers: Vec<_> = rule.when.iter().map(|(q, v)| (q.get().code, *v)).collect();
            for loc in [None, Some(SEPEMPANG)] {
                let r = route(&RouteRequest {
                    category: cat.code,
                    answers: answers.clone(),
                    location: loc,
                });
                assert!(
                    r.reason.id.len() > 20 && r.reason.en.len() > 20,
                    "{}: reason too thin",
                    cat.code
                );
                assert!(
                    r.reason.id.ends_with('.'),
                    "{}: reason is not a sentence: {}",
                    cat.code,
                    r.reason.id
                );
                if r.is_external() {
                    assert!(
                        r.guidance().is_some_and(|g| g.id.contains("wewenang")),
                        "{} → {}",
                        cat.code,
                        r.unit.code
                    );
                }
            }
        }
    }
}

#[test]
fn the_catalog_describes_all_17_kecamatan_and_77_desa_and_kelurahan() {
    let kec = catalog::REGIONS
        .iter()
        .filter(|r| r.parent.is_none())
        .count();
    let desa = catalog::REGIONS
        .iter()
        .filter(|r| r.parent.is_some())
        .count();
    assert_eq!((kec, desa), (17, 77));
    for r in catalog::REGIONS {
        assert_eq!(r.office.get().region, Some(r.id()));
    }
}

#[test]
fn every_categorys_national_mapping_is_named() {
    for c in CATEGORIES {
        assert!(!c.national.is_empty(), "{}", c.code);
        assert!(
            !c.national_sub.is_empty() || c.national == "TOPIK LAINNYA",
            "{} has no national sub-category",
            c.code
        );
    }
    assert!(
        CATEGORIES.len() >= 40,
        "only {} categories",
        CATEGORIES.len()
    );
}

#[test]
fn unit_display_names_show_opd_and_bidang() {
    let udara = catalog::unit("dishub-udara").unwrap();
    assert_eq!(
        udara.display_name(domain::Lang::Id),
        "Dinas Perhubungan — Bidang Perhubungan Udara"
    );
    assert!(!udara.is_within(catalog::unit("dishub-darat").unwrap()));
    assert!(udara.is_within(catalog::unit("dishub").unwrap()));
}

#[test]
fn the_fallback_category_exists_and_goes_to_the_coordinator() {
    let c = domain::catalog::category(domain::catalog::FALLBACK_CATEGORY)
        .expect("the catalog has its fallback category");
    let r = domain::route(&domain::RouteRequest {
        category: c.code,
        answers: vec![],
        location: None,
    });
    assert_eq!(r.unit.code, domain::catalog::coordinator().code);
}
