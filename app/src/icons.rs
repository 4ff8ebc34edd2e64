//! The topic icons named in the catalog (`icon = "health"`), as tiny inline SVG: no icon font,
//! no extra request. Unknown names fall back to `dots`.

fn paths(name: &str) -> &'static str {
    match name {
        "health" => {
            r#"<rect x="3" y="3" width="18" height="18" rx="4"/><path d="M12 7.5v9M7.5 12h9"/>"#
        }
        "school" => {
            r#"<path d="M2 9l10-5 10 5-10 5z"/><path d="M6 11v5c3 2.5 9 2.5 12 0v-5M22 9v6"/>"#
        }
        "road" => r#"<path d="M8 3L4 21M16 3l4 18M12 4v3M12 10.5v3M12 17v3"/>"#,
        "water" => r#"<path d="M12 3c4 5 6.5 8 6.5 11.5a6.5 6.5 0 0 1-13 0C5.5 11 8 8 12 3z"/>"#,
        "ship" => r#"<path d="M3 15h18l-2.5 5h-13z"/><path d="M6 15V9h12v6M12 9V4M9 6h6"/>"#,
        "id" => {
            r#"<rect x="3" y="5" width="18" height="14" rx="2"/><circle cx="9" cy="11" r="2"/><path d="M5.5 16c1-2 6-2 7 0M14.5 10h4M14.5 13.5h4"/>"#
        }
        "hands" => {
            r#"<path d="M12 20s-7.5-4.5-7.5-10a4 4 0 0 1 7.5-2 4 4 0 0 1 7.5 2c0 5.5-7.5 10-7.5 10z"/>"#
        }
        "village" => r#"<path d="M3 11l9-7 9 7M5 9.5V20h14V9.5M10 20v-5h4v5"/>"#,
        "fish" => {
            r#"<path d="M3 12c4-6 11-6 14 0-3 6-10 6-14 0zM17 12l4-3.5v7z"/><circle cx="8" cy="11" r="1"/>"#
        }
        "bolt" => r#"<path d="M13 2L4 14h7l-1 8 9-12h-7z"/>"#,
        "shield" => r#"<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"/>"#,
        "building" => {
            r#"<rect x="5" y="3" width="14" height="18" rx="1"/><path d="M9 7h2M13 7h2M9 11h2M13 11h2M9 15h2M13 15h2M10.5 21v-3h3v3"/>"#
        }
        "search" => r#"<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>"#,
        "check" => r#"<path d="M5 12.5l4.5 4.5L19 7.5"/>"#,
        "pin" => {
            r#"<path d="M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.5"/>"#
        }
        "camera" => r#"<path d="M4 8h3l2-3h6l2 3h3v11H4z"/><circle cx="12" cy="13" r="3.5"/>"#,
        _ => {
            r#"<circle cx="5" cy="12" r="1.6"/><circle cx="12" cy="12" r="1.6"/><circle cx="19" cy="12" r="1.6"/>"#
        }
    }
}

/// The SVG markup of an icon; it takes the text colour and is hidden from screen readers.
pub fn svg(name: &str) -> String {
    format!(
        r#"<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">{}</svg>"#,
        paths(name)
    )
}
