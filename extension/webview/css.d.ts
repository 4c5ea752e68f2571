// scripts/build.mjs loads `.css` files as text (esbuild `text` loader); the page adopts them
// as constructable stylesheets, which the CSP allows without 'unsafe-inline'.
declare module '*.css' {
    const text: string;
    export default text;
}
