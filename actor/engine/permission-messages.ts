/**
 * What a user reads when a token is refused: both ways out, with the five permission groups
 * by the names Console shows (DESIGN.md, least privilege).
 */
export const SCOPED_TOKEN_PERMISSIONS_TEXT =
    'Actors: Read, Run · Actor runs: Read · Actor builds: Read · Datasets: Read · Key-value stores: Read, Write';

export const PERMISSION_FIX_MESSAGE =
    'Fix it either way: (1) give this Actor full permissions (Actor → Settings → Permissions → Full permissions), ' +
    `or (2) pass a scoped API token in the "apifyToken" input with these permissions: ${SCOPED_TOKEN_PERMISSIONS_TEXT}.`;
