package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The property conversion table of spec 3.5.4: every stored type read as every requested type. */
class PropertyConversionTest {
    static Object storedValue(String type) {
        return switch (type) {
            case "boolean" -> true;
            case "byte" -> (byte) 1;
            case "short" -> (short) 2;
            case "int" -> 3;
            case "long" -> 4L;
            case "float" -> 5.5f;
            case "double" -> 6.5;
            case "String" -> "7";
            default -> throw new IllegalArgumentException(type);
        };
    }

    static Object read(Message m, String type, String name) throws JMSException {
        return switch (type) {
            case "boolean" -> m.getBooleanProperty(name);
            case "byte" -> m.getByteProperty(name);
            case "short" -> m.getShortProperty(name);
            case "int" -> m.getIntProperty(name);
            case "long" -> m.getLongProperty(name);
            case "float" -> m.getFloatProperty(name);
            case "double" -> m.getDoubleProperty(name);
            case "String" -> m.getStringProperty(name);
            default -> throw new IllegalArgumentException(type);
        };
    }

    @ParameterizedTest(name = "a {0} property read as {1}: {2}")
    @CsvSource(textBlock = """
            boolean, boolean, true
            boolean, byte,    MFE
            boolean, short,   MFE
            boolean, int,     MFE
            boolean, long,    MFE
            boolean, float,   MFE
            boolean, double,  MFE
            boolean, String,  true
            byte,    boolean, MFE
            byte,    byte,    1
            byte,    short,   1
            byte,    int,     1
            byte,    long,    1
            byte,    float,   MFE
            byte,    double,  MFE
            byte,    String,  1
            short,   boolean, MFE
            short,   byte,    MFE
            short,   short,   2
            short,   int,     2
            short,   long,    2
            short,   float,   MFE
            short,   double,  MFE
            short,   String,  2
            int,     boolean, MFE
            int,     byte,    MFE
            int,     short,   MFE
            int,     int,     3
            int,     long,    3
            int,     float,   MFE
            int,     double,  MFE
            int,     String,  3
            long,    boolean, MFE
            long,    byte,    MFE
            long,    short,   MFE
            long,    int,     MFE
            long,    long,    4
            long,    float,   MFE
            long,    double,  MFE
            long,    String,  4
            float,   boolean, MFE
            float,   byte,    MFE
            float,   short,   MFE
            float,   int,     MFE
            float,   long,    MFE
            float,   float,   5.5
            float,   double,  5.5
            float,   String,  5.5
            double,  boolean, MFE
            double,  byte,    MFE
            double,  short,   MFE
            double,  int,     MFE
            double,  long,    MFE
            double,  float,   MFE
            double,  double,  6.5
            double,  String,  6.5
            String,  boolean, false
            String,  byte,    7
            String,  short,   7
            String,  int,     7
            String,  long,    7
            String,  float,   7.0
            String,  double,  7.0
            String,  String,  7
            """)
    void conversionTableForProperties(String stored, String requested, String expected) throws JMSException {
        TernMessage m = new TernTextMessage();
        m.setObjectProperty("p", storedValue(stored));
        if (expected.equals("MFE")) {
            assertThatThrownBy(() -> read(m, requested, "p")).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining("'p'").hasMessageContaining(requested);
        } else {
            assertThat(String.valueOf(read(m, requested, "p"))).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "typed setter then getObjectProperty: {0}")
    @CsvSource({"boolean", "byte", "short", "int", "long", "float", "double", "String"})
    void typedSettersStoreTheirWrapperType(String type) throws JMSException {
        TernMessage m = new TernTextMessage();
        Object v = storedValue(type);
        switch (type) {
            case "boolean" -> m.setBooleanProperty("p", (Boolean) v);
            case "byte" -> m.setByteProperty("p", (Byte) v);
            case "short" -> m.setShortProperty("p", (Short) v);
            case "int" -> m.setIntProperty("p", (Integer) v);
            case "long" -> m.setLongProperty("p", (Long) v);
            case "float" -> m.setFloatProperty("p", (Float) v);
            case "double" -> m.setDoubleProperty("p", (Double) v);
            default -> m.setStringProperty("p", (String) v);
        }
        assertThat(m.getObjectProperty("p")).isEqualTo(v).isExactlyInstanceOf(v.getClass());
    }

    @ParameterizedTest(name = "a String that does not parse as {0} is a NumberFormatException")
    @CsvSource({"byte", "short", "int", "long", "float", "double"})
    void unparsableStringIsNumberFormatException(String requested) throws JMSException {
        TernMessage m = new TernTextMessage();
        m.setStringProperty("p", "not a number");
        assertThatThrownBy(() -> read(m, requested, "p")).isInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest(name = "a String out of the range of {0} is a NumberFormatException")
    @CsvSource({"byte, 128", "short, 32768", "int, 2147483648", "long, 9223372036854775808"})
    void outOfRangeStringIsNumberFormatException(String requested, String text) throws JMSException {
        TernMessage m = new TernTextMessage();
        m.setStringProperty("p", text);
        assertThatThrownBy(() -> read(m, requested, "p")).isInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest(name = "an absent property read as {0}: {1}")
    @CsvSource(textBlock = """
            boolean, false
            byte,    NumberFormatException
            short,   NumberFormatException
            int,     NumberFormatException
            long,    NumberFormatException
            float,   NullPointerException
            double,  NullPointerException
            String,  null
            """)
    void absentPropertyReadsAsValueOfNull(String requested, String expected) throws JMSException {
        TernMessage m = new TernTextMessage();
        switch (expected) {
            case "NumberFormatException" -> assertThatThrownBy(() -> read(m, requested, "nope")).isInstanceOf(NumberFormatException.class);
            case "NullPointerException" -> assertThatThrownBy(() -> read(m, requested, "nope")).isInstanceOf(NullPointerException.class);
            default -> assertThat(String.valueOf(read(m, requested, "nope"))).isEqualTo(expected);
        }
        assertThat(m.getObjectProperty("nope")).isNull();
    }

    @ParameterizedTest(name = "a null property read as {0}: {1}")
    @CsvSource(textBlock = """
            boolean, false
            int,     NumberFormatException
            double,  NullPointerException
            String,  null
            """)
    void nullPropertyExistsAndReadsAsValueOfNull(String requested, String expected) throws JMSException {
        TernMessage m = new TernTextMessage();
        m.setObjectProperty("n", null);
        assertThat(m.propertyExists("n")).isTrue();
        switch (expected) {
            case "NumberFormatException" -> assertThatThrownBy(() -> read(m, requested, "n")).isInstanceOf(NumberFormatException.class);
            case "NullPointerException" -> assertThatThrownBy(() -> read(m, requested, "n")).isInstanceOf(NullPointerException.class);
            default -> assertThat(String.valueOf(read(m, requested, "n"))).isEqualTo(expected);
        }
    }
}
