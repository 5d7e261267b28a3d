package io.tickring.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public top-level type in main code has a Javadoc comment (its first sentence says the
 * role). javac's doclint checks the comments that exist; its "missing" group would also demand one
 * on every public method and field, which is more than the project asks, so this test checks types
 * only.
 */
class PublicTypesDocumentedTest {
    private static final Pattern PUBLIC_TYPE =
            Pattern.compile(
                    "^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
                    Pattern.MULTILINE);
    private static final Pattern ANNOTATION_NAME = Pattern.compile("@[\\w.]+$");

    @Test
    void shouldDocumentEveryPublicType() throws IOException {
        Path root = Path.of(System.getenv().getOrDefault("TICKRING_TEST_ROOT", ".."));
        List<String> undocumented = new ArrayList<>();
        int seen = 0;
        for (String module : new String[] {"core", "journal", "adapters", "engine", "bench"}) {
            Path src = root.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f :
                        (Iterable<Path>)
                                files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    Matcher m = PUBLIC_TYPE.matcher(text);
                    if (!m.find()) {
                        continue;
                    }
                    seen++;
                    if (!documented(text.substring(0, m.start()))) {
                        undocumented.add(root.relativize(f).toString());
                    }
                }
            }
        }
        assertTrue(
                seen > 100, "found only " + seen + " public types under " + root.toAbsolutePath());
        assertEquals(List.of(), undocumented, "public types without a Javadoc comment");
    }

    /** True if the text before a type declaration ends in a Javadoc comment, annotations aside. */
    static boolean documented(String before) {
        String s = withoutTrailingAnnotations(before).strip();
        if (!s.endsWith("*/")) {
            return false;
        }
        int open = s.lastIndexOf("/*");
        return open >= 0 && s.startsWith("/**", open);
    }

    /** Drops annotations, with their arguments, from the end of {@code text}. */
    private static String withoutTrailingAnnotations(String text) {
        StringBuilder code = new StringBuilder();
        for (String line : text.split("\n")) {
            int comment = line.indexOf(" //");
            // A line comment after an annotation, e.g. "@Fork(1) // why": not part of the
            // declaration.
            code.append(
                            line.strip().startsWith("@") && comment >= 0
                                    ? line.substring(0, comment)
                                    : line)
                    .append('\n');
        }
        String s = code.toString().strip();
        while (true) {
            if (s.endsWith(")")) {
                int depth = 0;
                boolean inString = false;
                int i = s.length() - 1;
                for (; i >= 0; i--) {
                    char c = s.charAt(i);
                    if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                        inString = !inString;
                    } else if (!inString && c == ')') {
                        depth++;
                    } else if (!inString && c == '(' && --depth == 0) {
                        break;
                    }
                }
                if (i <= 0) {
                    return s;
                }
                s = s.substring(0, i).strip();
            }
            Matcher m = ANNOTATION_NAME.matcher(s);
            if (!m.find()) {
                return s;
            }
            s = s.substring(0, m.start()).strip();
        }
    }

    @Test
    void shouldTellADocumentedTypeFromAnUndocumentedOne() {
        assertTrue(documented("package a;\n\n/** The role. */\n@Deprecated\n"));
        assertTrue(documented("package a;\n\n/**\n * The role.\n */\n"));
        assertTrue(!documented("package a;\n\nimport b.C;\n"));
        assertTrue(!documented("package a;\n\n/* not Javadoc */\n"));
        assertTrue(
                documented(
                        "/** The role. */\n@Command(name = \"x\", description = {\"a (b)\", \"c\"})\n@Deprecated\n"));
        assertTrue(!documented("import x;\n@Command(name = \"x\")\n"));
        assertTrue(!documented("import x;\n@Fork(1) // the flags\n"));
        assertTrue(documented("/** The role. */\n@Fork(1) // the flags\n"));
    }
}
