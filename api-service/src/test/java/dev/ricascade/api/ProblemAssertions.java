package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** What the web slice tests check of every error the API answers: a problem detail that says what was wrong. */
public final class ProblemAssertions {

    /** An {@code application/problem+json} answer with this status and title, whose detail contains this text. */
    public static void assertProblem(MvcTestResult result, HttpStatus status, String title, String detail) {
        assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
        assertThat(result).bodyJson().extractingPath("$.title").isEqualTo(title);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(detail);
    }

    private ProblemAssertions() {
    }
}
