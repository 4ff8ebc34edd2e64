//! A broken catalog must fail the build with a message naming the file and line. These tests run
//! the build's own checker (`build_support/catalog.rs`) on small catalogs with one mistake each.

#[allow(dead_code)]
#[path = "../build_support/catalog.rs"]
mod catalog;

use catalog::{compile, CatalogError, Inputs};

const BASE: &str = r#"
[[topic]]
code = "kesehatan"
name = "Kesehatan"
icon = "health"

[[unit]]
code = "pemkab"
name = "Pemerintah Kabupaten Natuna"
kind = "pemkab"

[[unit]]
code = "diskominfo"
name = "Dinas Komunikasi dan Informatika"
kind = "opd"
parent = "pemkab"

[[unit]]
code = "diskominfo-pikp"
name = "Bidang PIKP"
kind = "bidang"
parent = "diskominfo"
coordinator = true

[[unit]]
code = "dinkes"
name = "Dinas Kesehatan"
kind = "opd"
parent = "pemkab"

[[unit]]
code = "ext-pln"
name = "PLN"
kind = "external"
guidance = "Sampaikan ke PLN."

[[question]]
code = "faskes"
text = "Di mana?"
options = [{ value = "puskesmas", label = "Puskesmas" }, { value = "rsud", label = "RSUD" }]

[[category]]
code = "obat"
topic = "kesehatan"
name = "Obat kosong"
description = "Obat tidak tersedia."
national = "KESEHATAN"
national_sub = "PELAYANAN OBAT"
questions = ["faskes"]
keywords = ["obat"]

[[category.route]]
when = { faskes = "puskesmas" }
to = "@puskesmas"
fallback = "dinkes"
reason = "Puskesmas kecamatan Anda."

[[category.route]]
to = "dinkes"
reason = "Dinas Kesehatan mengelola obat."
"#;

const HOLIDAYS: &str =
    "[[libur]]\ndate = \"2026-01-01\"\nname = \"Tahun Baru\"\nkind = \"libur\"\n";

fn inputs(catalog: &str) -> Inputs {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    Inputs {
        catalog: ("catalog.toml".into(), catalog.into()),
        wilayah: (
            "wilayah.csv".into(),
            std::fs::read_to_string(dir.join("wilayah.csv")).unwrap(),
        ),
        holidays: ("hari-libur.toml".into(), HOLIDAYS.into()),
        national: (
            "kategori-nasional.json".into(),
            std::fs::read_to_string(dir.join("kategori-nasional.json")).unwrap(),
        ),
    }
}

fn line_of(src: &str, needle: &str) -> usize {
    src[..src.find(needle).expect("needle in source")]
        .matches('\n')
        .count()
        + 1
}

fn errors_of(catalog: &str) -> Vec<CatalogError> {
    compile(&inputs(catalog)).expect_err("the broken catalog must not compile")
}

fn assert_error(errors: &[CatalogError], file: &str, line: usize, fragment: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.file == file && e.line == line && e.message.contains(fragment)),
        "expected {file}:{line}: …{fragment}…, got {errors:#?}"
    );
}

#[test]
fn the_minimal_catalog_compiles() {
    let code = compile(&inputs(BASE)).expect("base catalog is valid");
    assert!(code.contains("CATALOG_VERSION"));
}

#[test]
fn a_route_naming_a_missing_unit_fails_at_its_line() {
    let broken = BASE.replace("to = \"dinkes\"", "to = \"dinkes-farmasi\"");
    let errors = errors_of(&broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(&broken, "to = \"dinkes-farmasi\""),
        "dinkes-farmasi",
    );
}

#[test]
fn a_category_without_a_catch_all_route_fails() {
    let broken = BASE.replace(
        "[[category.route]]\nto = \"dinkes\"\nreason = \"Dinas Kesehatan mengelola obat.\"\n",
        "",
    );
    let errors = errors_of(&broken);
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("must have no `when`")),
        "{errors:#?}"
    );
}

#[test]
fn a_category_with_no_route_at_all_fails() {
    let start = BASE.find("[[category.route]]").unwrap();
    let broken = &BASE[..start];
    let errors = errors_of(broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(broken, "code = \"obat\""),
        "has no route",
    );
}

#[test]
fn duplicate_unit_codes_fail_at_the_second_one() {
    let broken = format!("{BASE}\n[[unit]]\ncode = \"dinkes\"\nname = \"Lagi\"\nkind = \"opd\"\nparent = \"pemkab\"\n");
    let errors = errors_of(&broken);
    let second = broken.rfind("code = \"dinkes\"").unwrap();
    assert_error(
        &errors,
        "catalog.toml",
        broken[..second].matches('\n').count() + 1,
        "duplicate unit code 'dinkes'",
    );
}

#[test]
fn a_puskesmas_in_an_unknown_kecamatan_fails() {
    let broken = format!("{BASE}\n[[unit]]\ncode = \"pkm-x\"\nname = \"Puskesmas X\"\nkind = \"upt\"\nparent = \"dinkes\"\nkecamatan = \"21.03.99\"\n");
    let errors = errors_of(&broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(&broken, "kecamatan = \"21.03.99\""),
        "21.03.99",
    );
}

#[test]
fn a_desa_row_outside_its_kecamatan_fails_at_its_csv_line() {
    let mut inp = inputs(BASE);
    inp.wilayah
        .1
        .push_str("21.03.07.9999,Desa Salah,desa,21.03.99,Tidak Ada\n");
    let errors = compile(&inp).expect_err("must fail");
    let line = inp.wilayah.1.lines().count();
    assert_error(&errors, "wilayah.csv", line, "21.03.99");
}

#[test]
fn a_wrong_national_category_fails() {
    let broken = BASE.replace(
        "national_sub = \"PELAYANAN OBAT\"",
        "national_sub = \"OBAT MURAH\"",
    );
    let errors = errors_of(&broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(&broken, "national_sub = \"OBAT MURAH\""),
        "not a sub-category",
    );
}

#[test]
fn a_when_with_an_unknown_option_fails() {
    let broken = BASE.replace("faskes = \"puskesmas\"", "faskes = \"klinik\"");
    let errors = errors_of(&broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(&broken, "when = { faskes = \"klinik\" }"),
        "'klinik' is not an option",
    );
}

#[test]
fn a_location_rule_without_fallback_fails() {
    let broken = BASE.replace("fallback = \"dinkes\"\n", "");
    let errors = errors_of(&broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(&broken, "to = \"@puskesmas\""),
        "needs a `fallback`",
    );
}

#[test]
fn an_external_unit_without_guidance_fails() {
    let broken = BASE.replace("guidance = \"Sampaikan ke PLN.\"\n", "");
    let errors = errors_of(&broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(&broken, "code = \"ext-pln\""),
        "needs `guidance`",
    );
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let broken = BASE.replace("name = \"Obat kosong\"", "name = \"Obat kosong");
    let errors = errors_of(&broken);
    assert_eq!(
        errors[0].line,
        line_of(&broken, "name = \"Obat kosong"),
        "{errors:#?}"
    );
}

#[test]
fn a_malformed_holiday_date_fails_at_its_line() {
    let mut inp = inputs(BASE);
    inp.holidays.1 = "[[libur]]\ndate = \"2026-02-30\"\nname = \"X\"\nkind = \"libur\"\n".into();
    let errors = compile(&inp).expect_err("must fail");
    assert_error(&errors, "hari-libur.toml", 2, "2026-02-30");
}

#[test]
fn any_edit_changes_the_catalog_version() {
    let version = |src: &str| {
        let code = compile(&inputs(src)).unwrap();
        code.lines()
            .find(|l| l.contains("CATALOG_VERSION"))
            .unwrap()
            .to_string()
    };
    assert_ne!(
        version(BASE),
        version(&BASE.replace("Obat kosong", "Obat habis"))
    );
}

#[test]
fn a_cue_given_to_two_options_of_one_question_fails_at_its_line() {
    let broken = BASE
        .replace(
            r#"{ value = "rsud", label = "RSUD" }"#,
            r#"{ value = "rsud", label = "RSUD", cues = ["rsud", "Rumah  Sakit"] }"#,
        )
        .replace(
            r#"{ value = "puskesmas", label = "Puskesmas" }"#,
            r#"{ value = "puskesmas", label = "Puskesmas", cues = ["puskesmas", "rumah sakit"] }"#,
        );
    let errors = errors_of(&broken);
    assert_error(
        &errors,
        "catalog.toml",
        line_of(&broken, "Rumah  Sakit"),
        "cue 'rumah sakit' is given to both 'puskesmas' and 'rsud'",
    );
}

#[test]
fn a_cue_without_a_word_fails() {
    let broken = BASE.replace(
        r#"{ value = "rsud", label = "RSUD" }"#,
        r#"{ value = "rsud", label = "RSUD", cues = ["rsud", " - "] }"#,
    );
    assert_error(
        &errors_of(&broken),
        "catalog.toml",
        line_of(&broken, r#"" - ""#),
        "has no letter or digit",
    );
}

#[test]
fn cues_are_compiled_lower_case_with_single_spaces() {
    let ok = BASE.replace(
        r#"{ value = "rsud", label = "RSUD" }"#,
        r#"{ value = "rsud", label = "RSUD", cues = ["RSUD", "Rumah  Sakit"] }"#,
    );
    // as the server's build compiles them (the app's leaves them out: `catalog-cues`)
    // (only the catalog compiler reads this variable)
    std::env::set_var("CARGO_FEATURE_CATALOG_CUES", "1");
    let code = compile(&inputs(&ok)).expect("cues are optional and valid");
    assert!(code.contains(r#"cues: "rsud|rumah sakit""#), "{code}");
}
