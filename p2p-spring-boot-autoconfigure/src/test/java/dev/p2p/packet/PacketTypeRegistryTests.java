package dev.p2p.packet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PacketTypeRegistry}.
 */
class PacketTypeRegistryTests {

	@Test
	void usesOrdinalsAsCodesForPlainEnum() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Plain.class);

		assertThat(registry.codeOf(Plain.NULL)).isZero();
		assertThat(registry.codeOf(Plain.COMMAND1)).isEqualTo(1);
		assertThat(registry.codeOf(Plain.COMMAND2)).isEqualTo(2);
		assertThat(registry.typeOf(0)).isSameAs(Plain.NULL);
		assertThat(registry.typeOf(1)).isSameAs(Plain.COMMAND1);
		assertThat(registry.typeOf(2)).isSameAs(Plain.COMMAND2);
	}

	@Test
	void exposesEnumTypeAndConstantsInDeclarationOrder() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Plain.class);

		assertThat(registry.getEnumType()).isEqualTo(Plain.class);
		assertThat(registry.types()).containsExactly(Plain.NULL, Plain.COMMAND1, Plain.COMMAND2);
	}

	@Test
	void usesCodesOfCodedPacketType() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Coded.class);

		for (Coded type : Coded.values()) {
			assertThat(registry.codeOf(type)).as("code of %s", type).isEqualTo(type.code());
			assertThat(registry.typeOf(type.code())).as("type of code %s", type.code()).isSameAs(type);
			assertThat(registry.isKnown(type.code())).isTrue();
		}
		assertThat(registry.codeOf(Coded.TELEMETRY)).isEqualTo(100);
	}

	@Test
	void roundTripsSparseAndHighCodes() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Coded.class);

		assertThat(registry.typeOf(100_000)).isSameAs(Coded.SPARSE);
		assertThat(registry.typeOf(4095)).isSameAs(Coded.LAST_DENSE);
		assertThat(registry.typeOf(4096)).isSameAs(Coded.FIRST_SPARSE);
		assertThat(registry.typeOf(0x80000000)).isSameAs(Coded.HIGH);
		assertThat(registry.typeOf(0xFFFFFEFF)).isSameAs(Coded.BELOW_RESERVED);
		assertThat(registry.codeOf(Coded.BELOW_RESERVED)).isEqualTo(0xFFFFFEFF);
	}

	@Test
	void returnsNullForUnknownCodes() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Coded.class);

		assertThat(registry.typeOf(3)).as("gap in dense codes").isNull();
		assertThat(registry.typeOf(99)).as("gap in dense codes").isNull();
		assertThat(registry.typeOf(99_999)).as("sparse neighbour").isNull();
		assertThat(registry.typeOf(-1)).as("0xFFFFFFFF").isNull();
		assertThat(registry.typeOf(Integer.MAX_VALUE)).isNull();
		assertThat(registry.isKnown(3)).isFalse();
		assertThat(PacketTypeRegistry.of(Plain.class).typeOf(3)).as("just above the ordinals").isNull();
	}

	@Test
	void resolvesConstantsWithBodies() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(WithBodies.class);

		assertThat(registry.codeOf(WithBodies.SPECIAL)).isEqualTo(7);
		assertThat(registry.typeOf(7)).isSameAs(WithBodies.SPECIAL);
		assertThat(registry.typeOf(1)).isSameAs(WithBodies.PLAIN);
	}

	@Test
	void rejectsCodeCollisionNamingBothConstantsAndCode() {
		assertThatIllegalArgumentException().isThrownBy(() -> PacketTypeRegistry.of(Colliding.class))
			.withMessageContaining(Colliding.class.getName())
			.withMessageContaining("FIRST and THIRD share code 5");
	}

	@Test
	void rejectsCollisionOfSparseCodes() {
		assertThatIllegalArgumentException().isThrownBy(() -> PacketTypeRegistry.of(CollidingSparse.class))
			.withMessageContaining("ONE and TWO share code 100000");
	}

	@Test
	void rejectsCodeInReservedRangeNamingConstantAndCode() {
		assertThatIllegalArgumentException().isThrownBy(() -> PacketTypeRegistry.of(Reserved.class))
			.withMessageContaining(Reserved.class.getName())
			.withMessageContaining("SNEAKY_HELLO")
			.withMessageContaining(Integer.toUnsignedString(0xFFFFFF01))
			.withMessageContaining("reserved")
			.withMessageNotContaining("FINE");
	}

	@Test
	void rejectsLowestReservedCode() {
		assertThatIllegalArgumentException().isThrownBy(() -> PacketTypeRegistry.of(ReservedMin.class))
			.withMessageContaining("EDGE")
			.withMessageContaining("4294967040");
	}

	@Test
	void reportsEveryProblemOfAnEnum() {
		assertThatIllegalArgumentException().isThrownBy(() -> PacketTypeRegistry.of(ManyProblems.class))
			.withMessageContaining("A and B share code 1")
			.withMessageContaining("C uses code 4294967295");
	}

	@Test
	void rejectsClassThatIsNotAnEnum() {
		assertThatIllegalArgumentException().isThrownBy(() -> PacketTypeRegistry.of(String.class))
			.withMessageContaining("enum")
			.withMessageContaining("java.lang.String");
	}

	@Test
	void rejectsNullClass() {
		assertThatIllegalArgumentException().isThrownBy(() -> PacketTypeRegistry.of(null))
			.withMessageContaining("null");
	}

	@Test
	void rejectsCodeOfConstantFromAnotherEnum() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Plain.class);

		assertThatIllegalArgumentException().isThrownBy(() -> registry.codeOf(Other.NULL))
			.withMessageContaining("NULL")
			.withMessageContaining(Plain.class.getName());
	}

	@Test
	void rejectsCodeOfNull() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Plain.class);

		assertThatIllegalArgumentException().isThrownBy(() -> registry.codeOf(null))
			.withMessageContaining(Plain.class.getName());
	}

	@Test
	void findsConstantByName() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Coded.class);

		assertThat(registry.typeNamed("TELEMETRY")).isSameAs(Coded.TELEMETRY);
	}

	@Test
	void unknownNameListsKnownConstants() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Plain.class);

		assertThatIllegalArgumentException().isThrownBy(() -> registry.typeNamed("COMMAND3"))
			.withMessageContaining("'COMMAND3'")
			.withMessageContaining(Plain.class.getName())
			.withMessageContaining("NULL, COMMAND1, COMMAND2");
	}

	@Test
	void nameLookupIsCaseSensitive() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(Plain.class);

		assertThatIllegalArgumentException().isThrownBy(() -> registry.typeNamed("command1"));
	}

	@Test
	void noPacketTypesKnowsNoCodesAndHintsAtProperty() {
		PacketTypeRegistry registry = PacketTypeRegistry.of(NoPacketTypes.class);

		assertThat(registry.types()).isEmpty();
		assertThat(registry.typeOf(0)).isNull();
		assertThat(registry.isKnown(1)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> registry.typeNamed("PING"))
			.withMessageContaining("'PING'")
			.withMessageContaining("p2p.packet-types");
	}

	enum Plain {

		NULL, COMMAND1, COMMAND2

	}

	enum Other {

		NULL

	}

	enum Coded implements CodedPacketType {

		NULL(0), COMMAND1(1), COMMAND2(2), TELEMETRY(100), LAST_DENSE(4095), FIRST_SPARSE(4096), SPARSE(100_000),
		HIGH(0x80000000), BELOW_RESERVED(0xFFFFFEFF);

		private final int code;

		Coded(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	enum WithBodies implements CodedPacketType {

		PLAIN {
			@Override
			public int code() {
				return 1;
			}
		},
		SPECIAL {
			@Override
			public int code() {
				return 7;
			}
		}

	}

	enum Colliding implements CodedPacketType {

		FIRST(5), SECOND(6), THIRD(5);

		private final int code;

		Colliding(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	enum CollidingSparse implements CodedPacketType {

		ONE(100_000), TWO(100_000);

		private final int code;

		CollidingSparse(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	enum Reserved implements CodedPacketType {

		FINE(1), SNEAKY_HELLO(0xFFFFFF01);

		private final int code;

		Reserved(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

	enum ReservedMin implements CodedPacketType {

		EDGE;

		@Override
		public int code() {
			return 0xFFFFFF00;
		}

	}

	enum ManyProblems implements CodedPacketType {

		A(1), B(1), C(-1);

		private final int code;

		ManyProblems(int code) {
			this.code = code;
		}

		@Override
		public int code() {
			return this.code;
		}

	}

}
