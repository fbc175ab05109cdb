export { DEFAULT_SETTINGS, applyPatch, parsePatch, readSettings, cloneSettings } from './schema';
export { isQuietNow, localTime, type LocalTime } from './quiet-hours';
export { createSettingsService, SETTINGS_KEY, type SettingsService, type SettingsServiceOptions, type SettingsStore, type SettingsListener } from './service';
