// The Worker bundle's stand-in for zod's translations of its own error messages (about 300 KB
// in 40-odd languages, which would put the bundle over Workers' 1 MB). Quorum words every message
// people see itself (src/messages); zod's English stays, for anything else. See wrangler.toml.
export { default as en } from 'zod/v4/locales/en.js'
