//! Reading what was picked or dropped: a file's bytes (oversized ones
//! refused unread), a Vigie document strictly or what still reads of a
//! damaged one, and a spreadsheet in UTF-8 or Windows-1252.

use leptos::prelude::*;

use crate::core::files::codec::{DecodeError, Decoded};
use crate::core::files::exchange::{self, ImportError, ReadError, MAX_IMPORT_BYTES};
use crate::core::files::sheet::{self, Encoding};
use crate::core::plan::Plan;
use crate::core::record::document::Editor;
use crate::core::record::stamp::Replica;

use crate::ui::clock::now;
use crate::ui::clock::random_bits;
use crate::ui::context::SheetInfo;
use crate::ui::store::Store;

/// Reads a file's bytes, refusing oversized files before reading them.
pub(in crate::ui) async fn read_bytes(file: web_sys::File) -> Result<Vec<u8>, ReadError> {
    let size = file.size() as usize;
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(size).into());
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| ReadError::NotRead)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub(in crate::ui) fn read_document(bytes: &[u8], plan: &Plan) -> Result<Decoded, ReadError> {
    Ok(exchange::read_file(bytes, plan, now())?)
}

/// A file read strictly, or, when its text is damaged (a backup of damaged
/// stored data, a file cut short), what still reads of it: the preview then
/// says what was left out. A file whose values are wrong is refused whole.
pub(super) fn read_document_or_what_reads(bytes: &[u8], plan: &Plan) -> Result<Decoded, ReadError> {
    match exchange::read_file(bytes, plan, now()) {
        Err(ImportError::Decode(DecodeError::NotJson { .. })) => {
            match exchange::read_damaged_file(bytes, plan, now()) {
                Ok(decoded) if decoded.document.annotations().all().next().is_some() => Ok(decoded),
                _ => read_document(bytes, plan),
            }
        }
        other => Ok(other?),
    }
}

/// A spreadsheet rather than a JSON export: by its name, else by its first
/// character (an export starts with `{`).
pub(in crate::ui) fn is_sheet(file_name: &str, bytes: &[u8]) -> bool {
    let name = file_name.to_ascii_lowercase();
    if name.ends_with(".csv") || name.ends_with(".txt") {
        return true;
    }
    if name.ends_with(".json") {
        return false;
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    text.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{')
}

/// A spreadsheet's text: UTF-8 (with or without BOM) when the bytes are
/// UTF-8, else Windows-1252, as Excel saves CSV in France. The browser's
/// own decoder knows it: no encoding table in the bundle.
fn sheet_text(bytes: &[u8]) -> Result<(String, Encoding), ReadError> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Encoding::Utf8));
    }
    let refused = |_| ReadError::NotDecoded;
    let decoder = web_sys::TextDecoder::new_with_label("windows-1252").map_err(refused)?;
    let text = decoder.decode_with_u8_array(bytes).map_err(refused)?;
    Ok((text, Encoding::Windows1252))
}

/// A spreadsheet read and turned into this tab's document plus its changes,
/// signed by this tab's author; a replica of its own, so that an import
/// cancelled leaves no stamp this tab could make again.
pub(in crate::ui) fn read_sheet(
    bytes: &[u8],
    plan: &'static Plan,
    store: Store,
) -> Result<(Decoded, SheetInfo), ReadError> {
    let (text, encoding) = sheet_text(bytes)?;
    let read = sheet::read(&text, plan).map_err(ReadError::Sheet)?;
    let editor = Editor { replica: Replica::from_bits(random_bits()), now: now() };
    let document = store
        .document()
        .with_untracked(|d| sheet::apply(d, &read, plan, &d.author().display(), &editor, encoding))
        .map_err(ReadError::Edit)?;
    let info = SheetInfo {
        rows: read.rows.len(),
        separator: read.separator,
        encoding,
        ignored: read.ignored,
        versions: read.versions,
        dates: read.dates,
    };
    Ok((Decoded { document, migrated_from: None, dropped: Default::default() }, info))
}
