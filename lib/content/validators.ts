import type { ItemValidators } from "./catalog";

/** Full schemas per kind; quiz and lab schemas join as their issues land. */
export const contentValidators: ItemValidators = {};
