//! French grammar for text built from data, at the bottom of the core so
//! that every layer writes counts, agreement, lists and quotes the same way:
//! numbers grouped and with a decimal comma, a noun agreeing with its count,
//! « quoted » text with its no-break spaces, a list of measures joined by
//! « et ». The phrases about the record themselves are in
//! [`crate::core::wording`], above everything; this module imports only
//! [`crate::core::date`] and [`crate::core::order`].

use crate::core::date::{french_datetime, Zone};
use crate::core::order;

/// `20 000`: digits grouped by three with a narrow no-break space, as
/// French typography writes counts.
pub fn integer(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// `12,7`: a French decimal with one digit. Written from tenths as
/// integers: formatting an `f64` would bring Rust's float printing (about
/// 20 KB) into the WebAssembly.
pub fn decimal(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    match (tenths.abs() / 10, tenths.abs() % 10) {
        (units, 0) => format!("{sign}{units}"),
        (units, tenth) => format!("{sign}{units},{tenth}"),
    }
}

/// `3 mesures`, `1 mesure`, `0 mesure`: a count and its noun, joined by a
/// no-break space (French uses the singular below 2).
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{}\u{a0}{}", integer(n), if n > 1 { many } else { one })
}

/// `s` when `n` calls for a plural ending.
pub fn s(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// The word of `one` or `many` that agrees with `n`, without the count: for
/// a count shown apart (« <strong>3</strong> mesures »), or a participle
/// after it (« 3 fichiers lus »).
pub fn agreed<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n > 1 {
        many
    } else {
        one
    }
}

/// `de ` or `d’` before `name`: elided before a vowel (« d’Élodie »,
/// « de Karim »); a mute h is not guessed.
pub fn de(name: &str) -> &'static str {
    let elided =
        name.chars().next().is_some_and(|c| "AEIOUYÀÂÉÈÊËÎÏÔÖÙÛÜŒaeiouyàâéèêëîïôöùûüœ".contains(c));
    if elided {
        "d’"
    } else {
        "de "
    }
}

/// `25 min`, `2 h`: roughly how long `ms` is, to the minute below an hour
/// and a half, to the hour beyond.
pub fn about(ms: i64) -> String {
    let minutes = (ms + 30_000) / 60_000;
    if minutes < 90 {
        format!("{minutes}\u{a0}min")
    } else {
        format!("{}\u{a0}h", (minutes + 30) / 60)
    }
}

/// « text », with the no-break spaces French quotes take.
pub fn quoted(text: &str) -> String {
    format!("«\u{202f}{text}\u{202f}»")
}

/// Measures in a set, for display: "3, 7 et 12".
pub fn list_numbers(numbers: &[u16]) -> String {
    let items: Vec<String> =
        order::sorted_set(numbers.iter().copied()).iter().map(|n| n.to_string()).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

/// "la mesure 7", "les mesures 3, 7 et 12".
pub fn measures_phrase(numbers: &[u16]) -> String {
    match numbers {
        [one] => format!("la mesure {one}"),
        many => format!("les mesures {}", list_numbers(many)),
    }
}

/// One note holding several texts of it (« Garder les deux »): each headed
/// by its author and the date it was written, oldest first, a blank line
/// between them.
pub fn both_notes(texts: &[(String, i64, String)], zone: Zone) -> String {
    texts
        .iter()
        .map(|(by, at, text)| {
            format!("{by}, le {}\u{a0}:\n{}", french_datetime(*at, zone), text.trim_end())
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_french_way_without_float_printing() {
        assert_eq!(decimal(12.0), "12");
        assert_eq!(decimal(12.66), "12,7");
        assert_eq!(decimal(0.04), "0");
        assert_eq!(decimal(7.5), "7,5");
        assert_eq!(integer(5_001), "5\u{202f}001");
        assert_eq!(integer(999), "999");
    }

    #[test]
    fn a_noun_agrees_with_its_count_singular_below_two() {
        assert_eq!(plural(0, "mesure", "mesures"), "0\u{a0}mesure");
        assert_eq!(plural(1, "mesure", "mesures"), "1\u{a0}mesure");
        assert_eq!(plural(12_000, "mesure", "mesures"), "12\u{202f}000\u{a0}mesures");
        assert_eq!(format!("modifiée{}", s(2)), "modifiées");
        assert_eq!(agreed(1, "lu", "lus"), "lu");
        assert_eq!(agreed(3, "lu", "lus"), "lus");
    }

    #[test]
    fn de_elides_before_a_vowel_and_durations_round() {
        assert_eq!(de("Élodie Faure"), "d’");
        assert_eq!(de("Karim Benali"), "de ");
        assert_eq!(about(25 * 60_000), "25\u{a0}min");
        assert_eq!(about(2 * 3_600_000), "2\u{a0}h");
    }

    #[test]
    fn lists_join_with_et_and_quotes_take_narrow_spaces() {
        assert_eq!(list_numbers(&[12, 3, 7, 3]), "3, 7 et 12");
        assert_eq!(measures_phrase(&[7]), "la mesure 7");
        assert_eq!(measures_phrase(&[7, 2]), "les mesures 2 et 7");
        assert_eq!(quoted("Ofast"), "«\u{202f}Ofast\u{202f}»");
    }
}
