/**
 * The documents' relative links lead somewhere: each linked file exists and each `#anchor` is a heading of the
 * linked document (GitHub's heading ids), so moving a section between guides cannot leave a dead link behind.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : markdownFiles(relative);
    return entry.name.endsWith(".md") ? [relative] : [];
  });
}

/** GitHub's id of a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
export function headingId(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The ids of a document's headings (outside code blocks). */
function headingIds(file: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => headingId(match[1])));
}

/** The relative links of a document (outside code blocks and code spans): [text](target). */
function links(file: string): string[] {
  const text = fs
    .readFileSync(path.join(ROOT, file), "utf8")
    .replace(/^```[\s\S]*?^```/gm, "")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/.test(target));
}

const DOCUMENTS = ["README.md", "CONTRIBUTING.md", ...markdownFiles("docs"), ...markdownFiles("examples")];

test.each(DOCUMENTS)("the relative links of %s lead to an existing file and heading", (file) => {
  const dead = links(file).filter((target) => {
    const [targetPath, anchor] = target.split("#");
    const resolved = targetPath ? path.normalize(path.join(path.dirname(file), targetPath)) : file;
    if (!fs.existsSync(path.join(ROOT, resolved))) return true;
    return anchor !== undefined && (!resolved.endsWith(".md") || !headingIds(resolved).has(anchor));
  });
  expect(dead).toEqual([]);
});

test("heading ids follow GitHub's rule", () => {
  expect(headingId("3. Choose where state lives, and create a stack")).toBe("3-choose-where-state-lives-and-create-a-stack");
  expect(headingId("`pulumi import` through the `composio` plugin")).toBe("pulumi-import-through-the-composio-plugin");
  expect(headingId("The `composio` plugin's internals")).toBe("the-composio-plugins-internals");
});
