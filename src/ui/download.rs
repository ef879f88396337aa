//! Hands a text to the browser as a file download (Blob + object URL).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| "fichier impossible à créer")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "adresse du fichier impossible à créer")?;
    let anchor: web_sys::HtmlAnchorElement =
        document().create_element("a").map_err(|_| "lien impossible à créer")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Revoke once the browser has started the download.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(10));
    Ok(())
}
