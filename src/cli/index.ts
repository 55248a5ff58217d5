import { executer } from "./main";

executer(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then((code) => {
  process.exitCode = code;
});
