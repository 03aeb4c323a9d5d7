// The clinic formatter alone (Intl only), for code on the portal's first load: the whole library would bring
// the slot engine's time-zone library with it.
export * from './lib/clinic-format';
