//! The names the page, the scripts under `tools/` and the Rust code share
//! must agree: a storage key spelled differently in one place would make the
//! boot check show an empty list to a reader who has annotations, or a test
//! look at the wrong key. Each is defined once per language; this checks
//! the languages against each other.

use vigie::core::files::persistence::{journal_key, BACKUP_PREFIX, JOURNAL_PREFIX, MAIN_KEY};
use vigie::core::record::drafts::DRAFTS_PREFIX;
use vigie::core::record::stamp::Replica;

fn read(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The string value of `export const NAME = '…';` in a script.
fn js_const(source: &str, name: &str) -> String {
    let start = format!("export const {name} = '");
    let from =
        source.find(&start).unwrap_or_else(|| panic!("{name} is not exported")) + start.len();
    source[from..].split('\'').next().expect("a closing quote").to_owned()
}

fn regex_escape(s: &str) -> String {
    s.replace('.', "\\.")
}

#[test]
fn the_scripts_name_the_storage_keys_as_the_core_does() {
    let vigie = read("tools/vigie.mjs");
    assert_eq!(js_const(&vigie, "MAIN_KEY"), MAIN_KEY);
    assert_eq!(js_const(&vigie, "JOURNAL_PREFIX"), JOURNAL_PREFIX);
    assert_eq!(js_const(&vigie, "BACKUP_PREFIX"), BACKUP_PREFIX);
    assert_eq!(js_const(&vigie, "DRAFTS_PREFIX"), DRAFTS_PREFIX);
    assert!(journal_key(Replica::from_bits(7)).starts_with(JOURNAL_PREFIX));
}

#[test]
fn the_boot_check_in_index_html_looks_for_the_main_key_and_the_journals_only() {
    let journal_suffix =
        JOURNAL_PREFIX.strip_prefix(MAIN_KEY).expect("journals are named after the main key");
    let expected = format!("/^{}({}|$)/", regex_escape(MAIN_KEY), regex_escape(journal_suffix));
    assert!(
        read("index.html").contains(&expected),
        "index.html's boot check must test the keys with {expected}"
    );
    assert!(BACKUP_PREFIX.starts_with(MAIN_KEY) && !BACKUP_PREFIX.starts_with(JOURNAL_PREFIX));
}

#[test]
fn the_start_up_class_is_the_same_in_rust_the_scripts_and_the_stylesheet() {
    let booting = js_const(&read("tools/vigie.mjs"), "BOOTING");
    assert!(read("src/ui/boot.rs").contains(&format!("const BOOTING: &str = \"{booting}\";")));
    assert!(
        read("style/main.css").contains(&format!("body.{booting} ")),
        "the stylesheet hides the app while booting"
    );
}
