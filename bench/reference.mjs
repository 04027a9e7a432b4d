// The plain-JS baseline, imported from the shared folder beside the project
// (never copied into it).
export const reference = await import(new URL('../../shared/reference/allocation-reference.mjs', import.meta.url));
