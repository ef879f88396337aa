//! Entry point of the WebAssembly build: mounts the app. On the host there is
//! nothing to run; the library's tests cover the core.

fn main() {
    #[cfg(target_arch = "wasm32")]
    vigie::ui::mount();
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
