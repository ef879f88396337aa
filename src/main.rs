//! Entry point of the WebAssembly build: mounts the app. On the host there is
//! nothing to run; the library's tests cover the core.

fn main() {
    #[cfg(target_arch = "wasm32")]
    vigie::ui::mount();
}
