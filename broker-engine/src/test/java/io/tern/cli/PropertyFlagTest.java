package io.tern.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyFlagTest {
    @Test
    void theValuesFormGivesItsType() {
        assertThat(PropertyFlag.parse("n=42").value()).isEqualTo(42L);
        assertThat(PropertyFlag.parse("n=-7").value()).isEqualTo(-7L);
        assertThat(PropertyFlag.parse("d=2.5").value()).isEqualTo(2.5);
        assertThat(PropertyFlag.parse("b=true").value()).isEqualTo(true);
        assertThat(PropertyFlag.parse("s=hello world").value()).isEqualTo("hello world");
        assertThat(PropertyFlag.parse("s=").value()).isEqualTo("");
        assertThat(PropertyFlag.parse("big=99999999999999999999").value()).isEqualTo("99999999999999999999");
        assertThat(PropertyFlag.parse("eq=a=b").value()).isEqualTo("a=b");
    }

    @Test
    void anExplicitTypeForcesIt() {
        assertThat(PropertyFlag.parse("n:int=42").value()).isEqualTo(42);
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
