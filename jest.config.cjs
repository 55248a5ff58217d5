/** Three projects: fast unit + host-fake tests, LibreOffice interop, Chromium end-to-end. */
const transform = {
  "^.+\\.(t|j|mj)sx?$": [
    "@swc/jest",
    { jsc: { parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } }, target: "es2022" }, module: { type: "commonjs" } },
  ],
};
// @noble/hashes is ESM-only: let swc turn it into CommonJS for Jest.
const transformIgnorePatterns = ["/node_modules/(?!@noble/hashes/)"];
const commun = { transform, transformIgnorePatterns, testEnvironment: "node", moduleFileExtensions: ["ts", "tsx", "js", "mjs", "cjs", "json"] };

module.exports = {
  projects: [
    { ...commun, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts?(x)", "<rootDir>/test/hosts/**/*.test.ts?(x)"] },
    { ...commun, displayName: "interop", testMatch: ["<rootDir>/test/interop/**/*.test.ts"] },
    { ...commun, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
};
