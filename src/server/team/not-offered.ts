/**
 * Journal features an organisation's server leaves out, each with the sentence a caller of its
 * routes reads instead of a bare "nothing here". `calendars` is offered: its fetches are held to
 * public addresses (importers/outbound.ts). File uploads are refused apart, by media type.
 */
export const NOT_OFFERED: Readonly<Record<string, string>> = {
  git:
    'This server does not import git history: an import reads a repository by its path on disk, and here ' +
    "that would be the server's disk, not yours. Import it with `handson git import PATH` on your own computer.",
};
