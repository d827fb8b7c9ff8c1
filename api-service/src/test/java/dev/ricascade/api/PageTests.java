package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PageTests {

    @Test
    void theExtraRowFetchedOnlySaysThatAnotherPageFollows() {
        PageRequest request = new PageRequest(2, 3);
        assertThat(request.offset()).isEqualTo(6);
        assertThat(request.fetchSize()).isEqualTo(4);

        Page<Integer> full = Page.of(List.of(7, 8, 9, 10), request);
        assertThat(full.content()).containsExactly(7, 8, 9);
        assertThat(full.hasNext()).isTrue();

        Page<Integer> last = Page.of(List.of(7, 8), request);
        assertThat(last.content()).containsExactly(7, 8);
        assertThat(last.hasNext()).isFalse();
    }

    @Test
    void defaultsToTheFirstPageOfTwenty() {
        PageRequest request = new PageRequest(null, null);
        assertThat(request.page()).isZero();
        assertThat(request.size()).isEqualTo(20);
    }
}
