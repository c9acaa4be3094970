package io.tern.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyFlagTest {
    @Test
    void withoutATypeTheValueKeepsItsText() {
        assertThat(PropertyFlag.parse("zip=01234").value()).isEqualTo("01234");
        assertThat(PropertyFlag.parse("n=42").value()).isEqualTo("42");
        assertThat(PropertyFlag.parse("b=true").value()).isEqualTo("true");
        assertThat(PropertyFlag.parse("s=hello world").value()).isEqualTo("hello world");
        assertThat(PropertyFlag.parse("s=").value()).isEqualTo("");
        assertThat(PropertyFlag.parse("eq=a=b").value()).isEqualTo("a=b");
    }

    @Test
    void anExplicitTypeForcesIt() {
        assertThat(PropertyFlag.parse("n:int=42").value()).isEqualTo(42);
        assertThat(PropertyFlag.parse("zip:long=01234").value()).isEqualTo(1234L);
        assertThat(PropertyFlag.parse("n:string=42").value()).isEqualTo("42");
        assertThat(PropertyFlag.parse("n:double=1").value()).isEqualTo(1.0);
        assertThat(PropertyFlag.parse("n:LONG=1").value()).isEqualTo(1L);
        assertThat(PropertyFlag.parse("f:boolean=false").value()).isEqualTo(false);
    }

    @Test
    void badFlagsNameWhatIsWrong() {
        assertThatThrownBy(() -> PropertyFlag.parse("novalue")).hasMessageContaining("is not NAME=VALUE");
        assertThatThrownBy(() -> PropertyFlag.parse("n:int=x")).hasMessageContaining("'x' is not a valid int");
        assertThatThrownBy(() -> PropertyFlag.parse("n:float=1")).hasMessageContaining("type 'float' is not string, int, long, double or boolean");
        assertThatThrownBy(() -> PropertyFlag.parse("b:boolean=yes")).hasMessageContaining("'yes' is not true or false");
    }
}
