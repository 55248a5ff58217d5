/* Builds the Excel and Word panes (dist/excel.html, dist/word.html), the ribbon's function
 * file and the help page. office.js is referenced from Microsoft's CDN, as Office requires
 * (a local copy is for debugging only and refused by the Marketplace); the pages' CSP allows
 * exactly that origin for scripts. Outside Office the panes need no office.js (file mode).
 * QUALITE_DIST chooses the output folder (default dist/), for `npm run build:prod -- --dossier`. */
const path = require("node:path");
const fs = require("node:fs");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { DefinePlugin, NormalModuleReplacementPlugin } = require("webpack");
const { version } = require("./package.json");
const { CompositionVolets } = require("./scripts/composition-volets.cjs");

const PORT = Number(process.env.QUALITE_PORT || 3000);
const CDN_OFFICE = "https://appsforoffice.microsoft.com";
const OFFICE_JS = `${CDN_OFFICE}/lib/1/hosted/office.js`;
const DIST = path.resolve(__dirname, process.env.QUALITE_DIST || "dist");

/** The pages' security policy: the add-in's own origin, plus Microsoft's CDN for office.js scripts only. */
function csp(dev) {
  const connect = dev ? "'self' wss://localhost:* ws://localhost:*" : "'self'";
  return `default-src 'self'; script-src 'self' ${CDN_OFFICE}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src ${connect}; object-src 'none'; base-uri 'self'`;
}

module.exports = (env, argv) => {
  const dev = argv.mode !== "production";
  const https = process.env.QUALITE_CERT_DIR
    ? {
        type: "https",
        options: {
          ca: fs.readFileSync(path.join(process.env.QUALITE_CERT_DIR, "ca.crt")),
          key: fs.readFileSync(path.join(process.env.QUALITE_CERT_DIR, "localhost.key")),
          cert: fs.readFileSync(path.join(process.env.QUALITE_CERT_DIR, "localhost.crt")),
        },
      }
    : "http";
  const page = (nom, titre, chunks) =>
    new HtmlWebpackPlugin({
      filename: `${nom}.html`,
      template: "./src/taskpane/page.html",
      chunks,
      templateParameters: { titre, csp: csp(dev), officeJs: OFFICE_JS },
    });
  return {
    mode: dev ? "development" : "production",
    devtool: dev ? "source-map" : false,
    entry: {
      excel: "./src/taskpane/excel/index.tsx",
      word: "./src/taskpane/word/index.tsx",
      commandes: "./src/taskpane/commandes.ts",
    },
    output: { path: DIST, filename: "[name].[contenthash:8].js", clean: { keep: /^cli\// } },
    // csv-parse's Node build needs Node's Buffer; its browser build carries its own.
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"], alias: { "csv-parse/sync$": "csv-parse/browser/esm/sync" } },
    module: {
      rules: [{ test: /\.tsx?$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { transpileOnly: true } } }],
    },
    performance: { hints: false },
    stats: "errors-warnings",
    plugins: [
      new DefinePlugin({ "process.env.QUALITE_VERSION": JSON.stringify(version) }),
      ...(dev ? [] : [new CompositionVolets()]),
      // The browser inflates with DecompressionStream; Node (CLI, tests) with its native zlib.
      new NormalModuleReplacementPlugin(/[/\\]compression-node$/, (r) => {
        r.request = r.request.replace(/compression-node$/, "compression-navigateur");
      }),
      page("excel", "Qualité EPS — Évaluation", ["excel"]),
      page("word", "Qualité EPS — Projet d'établissement", ["word"]),
      page("commandes", "Qualité EPS", ["commandes"]),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/aide.html", to: "aide.html" },
        ],
      }),
    ],
    devServer: {
      port: PORT,
      host: "localhost",
      server: https,
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      hot: false,
      client: { overlay: false },
    },
  };
};
