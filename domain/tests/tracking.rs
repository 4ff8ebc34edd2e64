//! Tracking codes: random, readable, and self-checking.

use domain::tracking::{generate_secret, normalize_secret, CodeError, TrackingCode};
use proptest::prelude::*;

#[test]
fn codes_are_nine_characters_shown_in_three_groups() {
    let c = TrackingCode::generate([1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(c.as_str().len(), 9);
    assert_eq!(c.display().len(), 11);
    assert_eq!(TrackingCode::parse(&c.display()), Ok(c.clone()));
    assert_eq!(TrackingCode::parse(&c.as_str().to_lowercase()), Ok(c));
}

#[test]
fn different_random_bytes_give_different_codes() {
    let a = TrackingCode::generate([0, 0, 0, 0, 0, 0, 0, 1]);
    let b = TrackingCode::generate([0, 0, 0, 0, 0, 0, 0, 2]);
    assert_ne!(a, b);
}

#[test]
fn look_alike_letters_are_read_as_digits() {
    let c = TrackingCode::generate([9; 8]);
    let typed: String = c.as_str().replace('0', "O").replace('1', "I");
    assert_eq!(TrackingCode::parse(&typed), Ok(c));
}

#[test]
fn wrong_length_and_foreign_characters_get_specific_errors() {
    assert_eq!(TrackingCode::parse("ABC-DEF"), Err(CodeError::Length(6)));
    assert!(matches!(
        TrackingCode::parse("ABC-DEF-GH!"),
        Err(CodeError::Character('!'))
    ));
    assert!(matches!(
        TrackingCode::parse("ABC-DEF-GHU"),
        Err(CodeError::Character('U'))
    ));
}

#[test]
fn secrets_are_long_and_compare_ignoring_case_and_dashes() {
    let s = generate_secret([7; 16]);
    assert_eq!(s.len(), 19);
    assert_eq!(normalize_secret(&s.to_lowercase().replace('-', "")), s);
    assert_ne!(generate_secret([7; 16]), generate_secret([8; 16]));
}

proptest! {
    #[test]
    fn every_single_mistyped_character_is_caught_and_the_original_suggested(
        bytes in any::<[u8; 8]>(), pos in 0usize..9, replacement in 0usize..31
    ) {
        let code = TrackingCode::generate(bytes);
        let mut chars: Vec<u8> = code.as_str().bytes().collect();
        let alt = domain::tracking::ALPHABET[replacement];
        prop_assume!(alt != chars[pos]);
        chars[pos] = alt;
        let typed = String::from_utf8(chars).unwrap();
        match TrackingCode::parse(&typed) {
            Err(CodeError::Check { candidates }) => {
                prop_assert!(candidates.contains(&code));
                prop_assert!(candidates.len() <= 17);
            }
            other => prop_assert!(false, "{} parsed as {:?}", typed, other),
        }
    }

    #[test]
    fn every_swap_of_neighbours_is_caught(bytes in any::<[u8; 8]>(), pos in 0usize..8) {
        let code = TrackingCode::generate(bytes);
        let mut chars: Vec<u8> = code.as_str().bytes().collect();
        prop_assume!(chars[pos] != chars[pos + 1]);
        chars.swap(pos, pos + 1);
        let typed = String::from_utf8(chars).unwrap();
        let caught = matches!(TrackingCode::parse(&typed), Err(CodeError::Check { .. }));
        prop_assert!(caught);
    }
}
