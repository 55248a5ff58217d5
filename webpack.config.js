/* Builds the Excel and Word panes (dist/excel.html, dist/word.html), the ribbon's function
 * file and the help page. office.js is copied from @microsoft/office-js and served by the add-in
 * itself: nothing is fetched from a CDN, the panes load offline. */
const path = require("node:path");
const fs = require("node:fs");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { DefinePlugin, NormalModuleReplacementPlugin } = require("webpack");
const { version } = require("./package.json");

const PORT = Number(process.env.QUALITE_PORT || 3000);
const OFFICE = path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));

/** The pages' security policy: scripts and data from the add-in's own origin only. */
function csp(dev) {
  const connect = dev ? "'self' wss://localhost:* ws://localhost:*" : "'self'";
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src ${connect}; object-src 'none'; base-uri 'self'`;
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
      templateParameters: { titre, csp: csp(dev) },
    });
  return {
    mode: dev ? "development" : "production",
    devtool: dev ? "source-map" : false,
    entry: {
      excel: "./src/taskpane/excel/index.tsx",
      word: "./src/taskpane/word/index.tsx",
      commandes: "./src/taskpane/commandes.ts",
    },
    output: { path: path.resolve(__dirname, "dist"), filename: "[name].[contenthash:8].js", clean: { keep: /^cli\// } },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    module: {
      rules: [{ test: /\.tsx?$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { transpileOnly: true } } }],
    },
    performance: { hints: false },
    stats: "errors-warnings",
    plugins: [
      new DefinePlugin({ "process.env.QUALITE_VERSION": JSON.stringify(version) }),
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
          // office.js and what it loads inside Excel and Word, without the debug copies.
          {
            from: "{office.js,o15apptofilemappingtable.js,es6-promise.js,excel*.js,word*.js,*/office_strings.js}",
            context: OFFICE,
            to: "office/",
            globOptions: { ignore: ["**/*.debug.js"] },
            info: { minimized: true },
          },
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
