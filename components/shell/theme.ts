// Client-safe theme constants shared by the inline no-flash script and the toggle.

export const THEME_STORAGE_KEY = 'hk-theme';
export type Theme = 'light' | 'dark';

/**
 * Runs in <head> before the first paint: applies the stored theme (or the system preference)
 * as a class on <html>, so a dark-mode user never sees a white flash.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');var d=t==='dark'||(t!=='light'&&window.matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;
