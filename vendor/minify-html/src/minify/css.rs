use crate::cfg::Cfg;
use minify_html_common::whitespace::trimmed;

/// `<style>` content, trimmed. This copy has no CSS minifier: `cfg.minify_css`
/// has no effect.
pub fn minify_css(_cfg: &Cfg, out: &mut Vec<u8>, code: &[u8]) {
  out.extend_from_slice(trimmed(code));
}
