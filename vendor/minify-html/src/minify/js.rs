use crate::cfg::Cfg;
use minify_html_common::whitespace::trimmed;

/// Represents the mode in which JavaScript should be parsed and minified
#[derive(Debug, Clone, Copy)]
pub enum TopLevelMode {
  /// Parse as a global script
  Global,
  /// Parse as an ES module
  Module,
}

/// `<script>` content, trimmed. This copy has no JavaScript minifier:
/// `cfg.minify_js` has no effect.
pub fn minify_js(_cfg: &Cfg, _mode: TopLevelMode, out: &mut Vec<u8>, code: &[u8]) {
  out.extend_from_slice(trimmed(code));
}
